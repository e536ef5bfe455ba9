/**
 * An email address that may wrap after its "@" (a narrow phone): "staff-team@" / "agency.example"
 * rather than a break inside the domain. The text is the address unchanged (copy, search, tests).
 */
export function EmailText({ email }: { email: string }) {
  const at = email.lastIndexOf("@");
  if (at <= 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  );
}
