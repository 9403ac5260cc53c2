/**
 * Knobs of the reliability tests, read from the environment in one place (defaults are what `npm test` runs):
 *   RELIABILITY_REQUESTS     requests in the Graph-faults test (200)
 *   RELIABILITY_CRASHES      SIGKILLs in the crash test (30)
 *   RELIABILITY_HOSTILE_RUNS fast-check runs per use-case property (240, ≈ 5 500 cases; route handlers get half)
 *   RELIABILITY_SEED         repeat a crash test run (its seed is printed)
 *   TEST_DATABASE_URL        real PostgreSQL for the replica tests (skipped without it)
 */
const int = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

export const settings = {
  requests: int("RELIABILITY_REQUESTS", 200),
  crashes: int("RELIABILITY_CRASHES", 30),
  hostileRuns: int("RELIABILITY_HOSTILE_RUNS", 240),
  seed: process.env.RELIABILITY_SEED ? int("RELIABILITY_SEED", 0) : 0,
  postgresUrl: process.env.TEST_DATABASE_URL?.trim() || undefined,
};
