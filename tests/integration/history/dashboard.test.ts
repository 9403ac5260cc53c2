/**
 * The auditor dashboard's numbers against a real database (PGlite, or PostgreSQL with TEST_DB_KIND=postgres):
 * who is elevated now, requests per UTC day by outcome, and the wait-time percentiles — each checked against
 * values worked out here from requests with known times, including the edges of the period and of a day.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitTimes } from "@/lib/dashboard/durations";
import { listElevatedNow } from "@/lib/dashboard/elevated-now";
import { requestsPerDay } from "@/lib/dashboard/requests-per-day";
import type { RequestState } from "@/lib/requests/state-machine";
import { createTestDatabase, type TestDatabase } from "../../support/db";
import { insertDataset, requesters, targets } from "./dataset";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const now = new Date(Date.UTC(2026, 2, 1, 12, 0, 0)); // 2026-03-01 12:00 UTC

interface Known {
  status: RequestState;
  submittedAt: number;
  /** Seconds from submission, or null when the request never got there. */
  decidedAfter?: number | null;
  activatedAfter?: number | null;
  expiresAt?: number;
}

/** Linear interpolation between the two nearest ranks, as PostgreSQL's percentile_cont does. */
function percentileCont(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

// Inside the 7-day period: decision and activation waits with known percentiles; one request never decided.
const inPeriod: Known[] = [
  { status: "expired", submittedAt: now.getTime() - 7 * DAY, decidedAfter: 60, activatedAfter: 95 }, // exactly at the start: in
  { status: "expired", submittedAt: now.getTime() - 3 * DAY, decidedAfter: 120, activatedAfter: 150.5 },
  { status: "deactivated", submittedAt: now.getTime() - 2 * DAY, decidedAfter: 180, activatedAfter: 200 },
  { status: "denied", submittedAt: now.getTime() - 1 * DAY, decidedAfter: 240, activatedAfter: null },
  { status: "active", submittedAt: now.getTime() - 3 * 60 * MIN, decidedAfter: 600.25, activatedAfter: 640, expiresAt: now.getTime() + 30 * MIN },
  { status: "active", submittedAt: now.getTime() - 2 * 60 * MIN, decidedAfter: 30, activatedAfter: 45, expiresAt: now.getTime() + 10 * MIN },
  { status: "pending_approval", submittedAt: now.getTime() - 5 * MIN, decidedAfter: null, activatedAfter: null },
];
// Outside it: just before the start, and at `now` itself (the period ends before now).
const outside: Known[] = [
  { status: "expired", submittedAt: now.getTime() - 7 * DAY - 1, decidedAfter: 100_000, activatedAfter: 100_010 },
  { status: "active", submittedAt: now.getTime(), decidedAfter: 90_000, activatedAfter: 90_001, expiresAt: now.getTime() + 60 * MIN },
];
// An active request submitted long ago (still elevated; its expiry is the soonest).
const oldActive: Known = { status: "active", submittedAt: now.getTime() - 40 * DAY, decidedAfter: 10, activatedAfter: 20, expiresAt: now.getTime() + 5 * MIN };
const all = [...inPeriod, ...outside, oldActive];
const ids = all.map(() => randomUUID());

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await insertDataset(t.db, []); // the people and targets
  await t.db.accessRequest.createMany({
    data: all.map((r, i) => ({
      id: ids[i]!,
      targetId: targets[i % targets.length]!.id,
      requesterId: requesters[i % requesters.length]!.id,
      status: r.status,
      justification: `dashboard case ${i}`,
      durationMinutes: 60,
      submittedAt: new Date(r.submittedAt),
      updatedAt: new Date(r.submittedAt),
      decidedAt: r.decidedAfter == null ? null : new Date(r.submittedAt + r.decidedAfter * 1000),
      activatedAt: r.activatedAfter == null ? null : new Date(r.submittedAt + r.activatedAfter * 1000),
      expiresAt: r.expiresAt === undefined ? null : new Date(r.expiresAt),
    })),
  });
});
afterAll(async () => {
  await t?.stop();
});

describe("wait times", () => {
  it("are the percentiles of the requests submitted in the period, from its first millisecond to just before now", async () => {
    const w = await waitTimes(t.db, now, 7);
    const decided = inPeriod.flatMap((r) => (r.decidedAfter == null ? [] : [r.decidedAfter]));
    const activated = inPeriod.flatMap((r) => (r.activatedAfter == null ? [] : [r.activatedAfter]));
    expect(w.from.toISOString()).toBe(new Date(now.getTime() - 7 * DAY).toISOString());
    expect(w.decision.count).toBe(6);
    expect(w.activation.count).toBe(5);
    expect(w.decision.p50).toBeCloseTo(percentileCont(decided, 0.5)!, 6);
    expect(w.decision.p90).toBeCloseTo(percentileCont(decided, 0.9)!, 6);
    expect(w.activation.p50).toBeCloseTo(percentileCont(activated, 0.5)!, 6);
    expect(w.activation.p90).toBeCloseTo(percentileCont(activated, 0.9)!, 6);
    // Worked out by hand for the 6 decision waits 30, 60, 120, 180, 240, 600.25: p50 between 120 and 180.
    expect(w.decision.p50).toBe(150);
    expect(w.decision.p90).toBeCloseTo(240 + (600.25 - 240) * 0.5, 6);
  });

  it("are empty (null, count 0) for a period without decided requests", async () => {
    const w = await waitTimes(t.db, new Date(now.getTime() - 100 * DAY), 7);
    expect(w.decision).toEqual({ p50: null, p90: null, count: 0 });
    expect(w.activation).toEqual({ p50: null, p90: null, count: 0 });
  });
});

describe("requests per day", () => {
  it("counts each request once, on its UTC day, by outcome, with empty days present", async () => {
    const days = await requestsPerDay(t.db, now, 10);
    expect(days).toHaveLength(10);
    expect(days[0]!.day).toBe("2026-02-20");
    expect(days.at(-1)!.day).toBe("2026-03-01");
    const byDay = new Map(days.map((d) => [d.day, d]));
    // 2026-02-22 holds two requests: 12:00 exactly 7 days back (granted) and 11:59:59.999 (granted, outside the wait period).
    expect(byDay.get("2026-02-22")!.counts).toMatchObject({ granted: 2 });
    expect(byDay.get("2026-02-22")!.total).toBe(2);
    expect(byDay.get("2026-02-26")!.counts.granted).toBe(1);
    expect(byDay.get("2026-02-28")!.counts).toMatchObject({ denied: 1, granted: 0 });
    // Today: two active (granted), one pending (open), and the one submitted at `now`.
    expect(byDay.get("2026-03-01")!.counts).toEqual({ granted: 3, denied: 0, canceled: 0, timed_out: 0, failed: 0, open: 1 });
    expect(byDay.get("2026-02-21")!.total).toBe(0);
    // Everything in the window is counted, the 40-day-old request is not.
    expect(days.reduce((n, d) => n + d.total, 0)).toBe(all.length - 1);
  });
});

describe("elevated now", () => {
  it("lists exactly the active requests, soonest to end first, however old", async () => {
    const list = await listElevatedNow(t.db);
    const activeIds = all.flatMap((r, i) => (r.status === "active" ? [{ id: ids[i]!, end: r.expiresAt! }] : []));
    expect(list.map((e) => e.requestId)).toEqual(activeIds.sort((a, b) => a.end - b.end).map((a) => a.id));
    expect(list[0]!.requestId).toBe(ids[all.indexOf(oldActive)]);
    expect(list[0]!.requester.upn).toBe(requesters[all.indexOf(oldActive) % requesters.length]!.upn);
    expect(await listElevatedNow(t.db, 2)).toHaveLength(2);
  });
});
