/**
 * Metrics computed from the database at scrape time, so every replica reports the same numbers and nothing is
 * lost on restart: requests by status, how long decisions and activations took, and the outbox.
 *
 * The two lifecycle histograms cover requests decided (activated) in the last 7 days: a sliding window, rebuilt on
 * every scrape, so unlike a normal Prometheus histogram their buckets can go down. Read them as they are
 * (`histogram_quantile(0.9, jit_request_decision_seconds_bucket)`), never through `rate()`.
 */
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { JobStatus, RequestStatus } from "@/lib/generated/prisma/enums";
import { Gauge, Histogram, Registry } from "./registry";

export const LIFECYCLE_WINDOW_DAYS = 7;
/** Seconds: 1 min, 5 min, 15 min, 30 min, 1 h, 2 h, 4 h, 8 h, 24 h (PIM's approval window). */
export const LIFECYCLE_BUCKETS = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400] as const;

interface HistogramRow {
  cumulative: number[];
  count: number;
  sum: number;
}

/** Cumulative bucket counts, count and sum of the durations (seconds) selected by `durations` (one column `d`). */
async function histogramOf(db: Db, durations: Prisma.Sql): Promise<HistogramRow> {
  const rows = await db.$queryRaw<HistogramRow[]>`
    WITH x AS (${durations})
    SELECT
      ARRAY(SELECT (SELECT count(*) FROM x WHERE x.d <= b)::int FROM unnest(${[...LIFECYCLE_BUCKETS]}::float8[]) WITH ORDINALITY AS t(b, i) ORDER BY i) AS cumulative,
      (SELECT count(*) FROM x)::int AS count,
      (SELECT coalesce(sum(x.d), 0) FROM x)::float8 AS sum`;
  return rows[0] ?? { cumulative: LIFECYCLE_BUCKETS.map(() => 0), count: 0, sum: 0 };
}

export async function collectDatabaseMetrics(db: Db, now: Date): Promise<Registry> {
  const registry = new Registry();
  const since = new Date(now.getTime() - LIFECYCLE_WINDOW_DAYS * 86_400_000);

  const requests = registry.register(new Gauge("jit_requests", "Access requests by current status (all time).", ["status"]));
  const byStatus = await db.$queryRaw<{ status: string; n: number }[]>`SELECT status::text AS status, count(*)::int AS n FROM access_requests GROUP BY status`;
  for (const status of Object.values(RequestStatus)) requests.set({ status }, byStatus.find((r) => r.status === status)?.n ?? 0);

  const decision = registry.register(
    new Histogram("jit_request_decision_seconds", `Submission to final decision, for requests decided in the last ${LIFECYCLE_WINDOW_DAYS} days (recomputed each scrape).`, LIFECYCLE_BUCKETS),
  );
  const d = await histogramOf(
    db,
    Prisma.sql`SELECT extract(epoch FROM (decided_at - submitted_at))::float8 AS d FROM access_requests WHERE decided_at IS NOT NULL AND decided_at >= ${since}::timestamptz`,
  );
  decision.setCumulative({}, d.cumulative, d.count, d.sum);

  const activation = registry.register(
    new Histogram("jit_request_activation_seconds", `Submission to active membership, for requests activated in the last ${LIFECYCLE_WINDOW_DAYS} days (recomputed each scrape).`, LIFECYCLE_BUCKETS),
  );
  const a = await histogramOf(
    db,
    Prisma.sql`SELECT extract(epoch FROM (activated_at - submitted_at))::float8 AS d FROM access_requests WHERE activated_at IS NOT NULL AND activated_at >= ${since}::timestamptz`,
  );
  activation.setCumulative({}, a.cumulative, a.count, a.sum);

  const jobs = registry.register(new Gauge("jit_outbox_jobs", "Outbox jobs by status.", ["status"]));
  const jobRows = await db.$queryRaw<{ status: string; n: number }[]>`SELECT status::text AS status, count(*)::int AS n FROM outbox_jobs GROUP BY status`;
  for (const status of Object.values(JobStatus)) jobs.set({ status }, jobRows.find((r) => r.status === status)?.n ?? 0);

  const [due] = await db.$queryRaw<{ n: number; oldest: number | null }[]>`
    SELECT count(*)::int AS n, extract(epoch FROM (${now}::timestamptz - min(run_at)))::float8 AS oldest
    FROM outbox_jobs WHERE status = 'pending' AND run_at <= ${now}::timestamptz`;
  registry.register(new Gauge("jit_outbox_due_jobs", "Pending outbox jobs whose time has come (the outbox depth).")).set({}, due?.n ?? 0);
  registry.register(new Gauge("jit_outbox_oldest_due_seconds", "How long the oldest due pending job has been waiting (0 when none).")).set({}, Math.max(0, due?.oldest ?? 0));

  const retrying = registry.register(new Gauge("jit_outbox_retrying_jobs", "Pending outbox jobs that failed at least once and wait for a retry.", ["kind"]));
  const retryRows = await db.$queryRaw<{ kind: string; n: number; attempts: number }[]>`
    SELECT kind, count(*)::int AS n, coalesce(sum(attempts), 0)::int AS attempts FROM outbox_jobs WHERE status = 'pending' AND last_error IS NOT NULL GROUP BY kind`;
  for (const r of retryRows) retrying.set({ kind: r.kind }, r.n);
  const attempts = registry.register(new Gauge("jit_outbox_retry_attempts", "Failed attempts so far of the jobs waiting for a retry, by kind.", ["kind"]));
  for (const r of retryRows) attempts.set({ kind: r.kind }, r.attempts);

  return registry;
}
