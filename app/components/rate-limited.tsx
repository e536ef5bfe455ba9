/** What a rate-limited page load shows (HTTP 429): what happened, and how long to wait. */
export function RateLimited({ message }: { message: string }) {
  return (
    <main className="narrow">
      <h1>Too many requests</h1>
      <p role="alert" data-testid="rate-limited">
        {message}
      </p>
      <p className="hint">This limit keeps automated guessing away from the people who use this site. Waiting is all it takes.</p>
    </main>
  );
}
