/**
 * What audit events record of an endpoint's address: its origin (scheme://host[:port]) only.
 * Events are readable through GET /api/v1/events, and hook URLs often carry a secret in the path.
 */
export function endpointOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
}
