import { Form, useLocation } from "@remix-run/react";

import { formatDateTime } from "./dates";
import { StatusBadge } from "./status-badge";

export type GrantRow = {
  id: string;
  hotjarSiteId: string;
  siteName: string | null;
  role: string;
  granteeEmail: string;
  grantedByName: string;
  grantedByEmail: string;
  effectiveStatus: string;
  invitedAt: string;
  verifiedAt: string | null;
  revokedAt: string | null;
  removalSteps?: { text: string }[];
};

/** Grants with their verify / revoke actions (posted to the grant resource route). */
export function GrantsTable({ slug, grants }: { slug: string; grants: GrantRow[] }) {
  const location = useLocation();
  if (grants.length === 0) return <p className="muted">No grants yet.</p>;
  return (
    <table data-testid="grants">
      <thead>
        <tr>
          <th>Site</th>
          <th>Role</th>
          <th>Grantee</th>
          <th>Granted by</th>
          <th>Status</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {grants.map((g) => (
          <tr key={g.id} data-site={g.hotjarSiteId}>
            <td>
              {g.siteName ?? "Site"} <code>{g.hotjarSiteId}</code>
            </td>
            <td>{g.role === "USER" ? "User" : "Viewer"}</td>
            <td>{g.granteeEmail}</td>
            <td>
              {g.grantedByName} <span className="muted">{g.grantedByEmail}</span>
              <br />
              <span className="muted">{formatDateTime(g.invitedAt)}</span>
            </td>
            <td>
              <StatusBadge status={g.effectiveStatus} />
              {g.effectiveStatus === "INVITE_EXPIRED" ? (
                <p className="hint">Hotjar invitations expire after 7 days. Ask the client to resend it.</p>
              ) : null}
              {g.effectiveStatus === "REVOKED" && g.removalSteps ? (
                <details>
                  <summary>Steps for the client to remove access in Hotjar</summary>
                  <ol>
                    {g.removalSteps.map((s, i) => (
                      <li key={i}>{s.text}</li>
                    ))}
                  </ol>
                </details>
              ) : null}
            </td>
            <td className="actions">
              {g.effectiveStatus === "INVITED" || g.effectiveStatus === "INVITE_EXPIRED" ? (
                <Form method="post" action={`/a/${slug}/grants/${g.id}`}>
                  <input type="hidden" name="redirectTo" value={location.pathname} />
                  <button type="submit" name="intent" value="verify" className="small">
                    Mark verified
                  </button>
                </Form>
              ) : null}
              {g.effectiveStatus !== "REVOKED" ? (
                <Form method="post" action={`/a/${slug}/grants/${g.id}`}>
                  <input type="hidden" name="redirectTo" value={location.pathname} />
                  <button type="submit" name="intent" value="revoke" className="secondary small">
                    Revoke
                  </button>
                </Form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
