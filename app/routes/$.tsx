// Any URL no other route matches: a plain 404 page (rendered by the root ErrorBoundary).
export async function loader() {
  throw new Response(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
