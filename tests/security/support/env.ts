// Imported first by the security suites: generous rate limits, so the suites measure the app's
// handling of input rather than its limiter (docs/decisions/018). Read once, at first use.
process.env.RATE_LIMIT_SCALE = "1000";
export {};
