/** A date as the API's JSON writes it (ISO 8601, UTC), null kept. */
export const iso = (d: Date | null) => d?.toISOString() ?? null;
