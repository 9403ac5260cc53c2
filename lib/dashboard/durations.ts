/**
 * How long people wait, over the requests submitted in the period, computed in SQL with percentile_cont:
 *   time to decision   = submitted → the deciding approval or deny (decided_at)
 *   time to activation = submitted → PIM's assignment became active (activated_at): what the requester waits
 * Requests without that moment (still pending, cancelled, …) are left out of that measure (NULLs are ignored).
 * date_part, not extract: since PostgreSQL 14 extract returns numeric, and sorting numerics made the query twice as
 * slow at 1M requests (bench/history.ts: 90 days, ~100k rows).
 */
import type { Db } from "@/lib/db/client";
import type { Period } from "./period";

export interface Percentiles {
  /** Seconds; null when no request in the period has the measure. */
  p50: number | null;
  p90: number | null;
  count: number;
}

export interface WaitTimes {
  period: Period;
  from: Date;
  to: Date;
  decision: Percentiles;
  activation: Percentiles;
}

interface Row {
  decision_p50: number | null;
  decision_p90: number | null;
  decision_n: number;
  activation_p50: number | null;
  activation_p90: number | null;
  activation_n: number;
}

export async function waitTimes(db: Db, now: Date, period: Period): Promise<WaitTimes> {
  const from = new Date(now.getTime() - period * 24 * 60 * 60 * 1000);
  const [r] = await db.$queryRaw<Row[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', decided_at - submitted_at)) AS decision_p50,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY date_part('epoch', decided_at - submitted_at)) AS decision_p90,
           count(decided_at)::int AS decision_n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', activated_at - submitted_at)) AS activation_p50,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY date_part('epoch', activated_at - submitted_at)) AS activation_p90,
           count(activated_at)::int AS activation_n
      FROM access_requests
     WHERE submitted_at >= ${from.toISOString()}::timestamptz AND submitted_at < ${now.toISOString()}::timestamptz`;
  return {
    period,
    from,
    to: now,
    decision: { p50: r?.decision_p50 ?? null, p90: r?.decision_p90 ?? null, count: r?.decision_n ?? 0 },
    activation: { p50: r?.activation_p50 ?? null, p90: r?.activation_p90 ?? null, count: r?.activation_n ?? 0 },
  };
}
