/**
 * The history seeder: realistic, consistent rows, and an audit chain that verifies — also when seeding adds to
 * a database that already has events, and when it rebuilds the indexes of empty tables.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/audit/chain";
import { auditActions, parseAuditData, type AuditAction } from "@/lib/audit/events";
import { recordAudit } from "@/lib/audit/with-audit";
import { verifyAuditLog } from "@/lib/audit/verify";
import { seedHistory, type SeedHistoryResult } from "@/lib/history/seed/seed-history";
import { getRequestHistory } from "@/lib/history/timeline";
import { createTestDatabase, testDbKind, type TestDatabase } from "../../support/db";

let t: TestDatabase;
let first: SeedHistoryResult;
const now = new Date("2026-03-04T12:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  // An event from "the app" before seeding: the seeded chain must continue from it.
  await recordAudit(t.db, new Date("2026-03-04T11:00:00Z"), { action: "auth.signed_out", actor: { type: "system" }, data: {} });
  first = await seedHistory({ databaseUrl: t.url, requests: 800, now, days: 10, seed: 7 });
});
afterAll(async () => {
  await t?.stop();
});

describe("seeded history", () => {
  it("writes what it reports, with about eight audit events per request", async () => {
    expect(first).toMatchObject({ requests: 800, method: t.kind === "postgres" ? "copy" : "insert", rebuiltIndexes: false });
    expect(await t.db.accessRequest.count()).toBe(800);
    expect(await t.db.decision.count()).toBe(first.decisions);
    expect(await t.db.approvalLink.count()).toBe(first.links);
    expect(await t.db.auditEvent.count()).toBe(first.events + 1);
    expect(first.events / first.requests).toBeGreaterThan(6.5);
    expect(first.events / first.requests).toBeLessThan(10);
  });

  it("has a valid hash chain that continues the existing one", async () => {
    const result = await verifyAuditLog(t.db, 300);
    expect(result).toEqual({ ok: true, checked: first.events + 1, head: first.head.hash });
    expect(first.head.seq).toBe(String(first.events + 1));
  });

  it("writes only events of the app's vocabulary, each valid for its action's schema and stored as its canonical JSON", async () => {
    const events = await t.db.$queryRaw<{ action: string; data: unknown; text: string }[]>`SELECT action, data, data::text AS text FROM audit_events WHERE seq > 1`;
    expect(events.length).toBe(first.events);
    for (const e of events) {
      expect(auditActions).toContain(e.action);
      expect(() => parseAuditData(e.action as AuditAction, e.data)).not.toThrow();
      expect(e.text).toBe(canonicalJson(e.data));
    }
  });

  it("has every outcome, in plausible proportions, and open requests only near the end", async () => {
    const byStatus = await t.db.accessRequest.groupBy({ by: ["status"], _count: true });
    const count = Object.fromEntries(byStatus.map((s) => [s.status, s._count]));
    for (const s of ["expired", "deactivated", "denied", "canceled", "timed_out", "failed"]) expect(count[s], s).toBeGreaterThan(0);
    expect(count.expired).toBeGreaterThan(800 * 0.35);
    const open = await t.db.accessRequest.findMany({ where: { status: { in: ["submitted", "pending_approval", "approved", "active"] } } });
    for (const r of open) expect(now.getTime() - r.submittedAt.getTime()).toBeLessThan(25 * 60 * 60 * 1000);
    const times = await t.db.accessRequest.aggregate({ _min: { submittedAt: true }, _max: { submittedAt: true } });
    expect(times._min.submittedAt!.getTime()).toBeGreaterThanOrEqual(now.getTime() - 10 * 86_400_000);
    expect(times._max.submittedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
  });

  it("keeps rows consistent: decided requests have decisions, activated ones an end, every request its events", async () => {
    const approved = await t.db.accessRequest.findFirstOrThrow({ where: { status: "expired" }, include: { decisions: true, links: true } });
    expect(approved.decidedAt).not.toBeNull();
    expect(approved.decisions.some((d) => d.isFinal && d.kind === "approve")).toBe(true);
    expect(approved.expiresAt!.getTime() - approved.activatedAt!.getTime()).toBe(approved.durationMinutes * 60_000);
    const denied = await t.db.accessRequest.findFirstOrThrow({ where: { status: "denied" }, include: { decisions: true } });
    expect(denied.decisions.map((d) => d.kind)).toEqual(["deny"]);
    const history = await getRequestHistory(t.db, approved.id);
    expect(history?.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["request.submitted", "request.pim_submitted", "approval.link_issued", "request.routed", "approval.decided", "request.approved", "request.activated", "request.expired"]),
    );
    const seqs = history!.events.map((e) => BigInt(e.seq));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    expect(history?.links.length).toBe(approved.links.length);
    expect(JSON.stringify(history)).not.toContain(approved.links[0]!.tokenHash);
  });

  it("appends to the chain when run again, reusing the same people", async () => {
    const users = await t.db.user.count();
    const again = await seedHistory({ databaseUrl: t.url, requests: 120, now, days: 2, seed: 8 });
    expect(await t.db.user.count()).toBe(users);
    expect(BigInt(again.head.seq)).toBe(BigInt(first.head.seq) + BigInt(again.events));
    expect(await verifyAuditLog(t.db, 1000)).toMatchObject({ ok: true, checked: first.events + again.events + 1 });
  });
});

describe("seeding for a database an app is running on", () => {
  it("with closedOnly leaves no request open and nothing in the future", async () => {
    const fresh = await createTestDatabase();
    try {
      const r = await seedHistory({ databaseUrl: fresh.url, requests: 200, now, days: 2, closedOnly: true });
      expect(r.to.getTime()).toBe(now.getTime() - 36 * 60 * 60 * 1000);
      expect(await fresh.db.accessRequest.count({ where: { status: { in: ["submitted", "pending_approval", "approved", "active"] } } })).toBe(0);
      expect(await fresh.db.auditEvent.count({ where: { at: { gt: now } } })).toBe(0);
      expect(await fresh.db.accessRequest.count({ where: { status: "expired" } })).toBeGreaterThan(50);
    } finally {
      await fresh.stop();
    }
  });
});

describe("seeding into empty tables", () => {
  it("rebuilds the indexes it dropped exactly as they were, and the chain verifies", async () => {
    const fresh = await createTestDatabase();
    try {
      const definitions = async () => {
        const c = new pg.Client({ connectionString: fresh.url });
        await c.connect();
        try {
          const { rows } = await c.query<{ d: string }>(
            `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = current_schema() UNION ALL
             SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' ORDER BY 1`,
          );
          return rows.map((r) => r.d);
        } finally {
          await c.end();
        }
      };
      const before = await definitions();
      const r = await seedHistory({ databaseUrl: fresh.url, requests: 300, now, days: 3, rebuildIndexesWhenEmpty: true });
      expect(r.rebuiltIndexes).toBe(true);
      expect(await definitions()).toEqual(before);
      expect(await verifyAuditLog(fresh.db, 500)).toMatchObject({ ok: true, checked: r.events });
    } finally {
      await fresh.stop();
    }
  });
});

// The worker thread is the seeder's way on PostgreSQL (COPY); PGlite's INSERT path generates on the main thread.
describe.skipIf(testDbKind() !== "postgres")("seeding from a worker thread", () => {
  it("loads every batch exactly once when the worker runs several batches ahead", async () => {
    // 200 requests in batches of 16: thirteen batches, more than the worker keeps ready, and a short last one.
    const options = { requests: 200, now, days: 2, seed: 3, batchSize: 16 };
    const [threaded, local] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      const a = await seedHistory({ databaseUrl: threaded.url, ...options, inWorker: true });
      const b = await seedHistory({ databaseUrl: local.url, ...options, inWorker: false });
      // The same seed plays the same stories: a lost or repeated batch would change the counts.
      expect({ requests: a.requests, decisions: a.decisions, links: a.links, events: a.events }).toEqual({
        requests: b.requests,
        decisions: b.decisions,
        links: b.links,
        events: b.events,
      });
      expect(await threaded.db.accessRequest.count()).toBe(200);
      expect(await threaded.db.auditEvent.count()).toBe(a.events);
      expect(await verifyAuditLog(threaded.db, 100)).toEqual({ ok: true, checked: a.events, head: a.head.hash });
    } finally {
      await Promise.all([threaded.stop(), local.stop()]);
    }
  });
});
