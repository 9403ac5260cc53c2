/**
 * Requests per UTC day over the last N days, split by how they ended (or that they are still open), counted in
 * SQL from access_requests_submitted_at_id_idx's range.
 */
import type { Db } from "@/lib/db/client";

export const outcomes = ["granted", "denied", "canceled", "timed_out", "failed", "open"] as const;
export type Outcome = (typeof outcomes)[number];

export interface DayCount {
  /** YYYY-MM-DD (UTC). */
  day: string;
  counts: Record<Outcome, number>;
  total: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function requestsPerDay(db: Db, now: Date, days = 30): Promise<DayCount[]> {
  const firstDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS;
  const rows = await db.$queryRaw<{ day: string; outcome: Outcome; n: number }[]>`
    SELECT to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           CASE
             WHEN status IN ('approved', 'active', 'expired', 'deactivated') THEN 'granted'
             WHEN status IN ('submitted', 'pending_approval') THEN 'open'
             ELSE status::text
           END AS outcome,
           count(*)::int AS n
      FROM access_requests
     WHERE submitted_at >= ${new Date(firstDay).toISOString()}::timestamptz
       AND submitted_at < ${new Date(firstDay + days * DAY_MS).toISOString()}::timestamptz
     GROUP BY 1, 2`;
  const byDay = new Map<string, DayCount>();
  for (let i = 0; i < days; i++) {
    const day = new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10);
    byDay.set(day, { day, counts: { granted: 0, denied: 0, canceled: 0, timed_out: 0, failed: 0, open: 0 }, total: 0 });
  }
  for (const r of rows) {
    const d = byDay.get(r.day);
    if (!d) continue;
    d.counts[r.outcome] += r.n;
    d.total += r.n;
  }
  return [...byDay.values()];
}
