/**
 * Tampering with the stored audit log, the way someone with database superuser rights could (bypassing the
 * append-only trigger), is detected by verification exactly at the tampered event — by the library and by
 * `npm run audit:verify` — and a normal connection cannot tamper at all.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, chainHash } from "@/lib/audit/chain";
import { verifyAuditLog } from "@/lib/audit/verify";
import { lastVerification, lastVerificationQuery, runAuditVerification } from "@/lib/history/run-verification";
import { seedHistory } from "@/lib/history/seed/seed-history";
import { createTestDatabase, type TestDatabase } from "../../support/db";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "../../..");

let t: TestDatabase;
let total = 0;
let head = "";

/** A superuser session that switches user triggers off for one transaction, as a rogue DBA would. */
async function asSuperuserWithoutTriggers(sql: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const c = new pg.Client({ connectionString: t.url });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query("SET LOCAL session_replication_role = replica");
    await sql(c);
    await c.query("COMMIT");
  } catch (error) {
    await c.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await c.end();
  }
}

/** `npm run audit:verify`; `parallel` splits even this small log into three ranges verified by worker threads. */
async function cli(options: { parallel?: boolean } = {}): Promise<{ code: number; out: string }> {
  const extra = options.parallel ? ["--workers", "3", "--parallel-from", "0"] : [];
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts", "--batch-size", "250", ...extra], {
      cwd: repoRoot,
      // The CLI is configured like an operator's shell: through its environment.
      // eslint-disable-next-line no-restricted-properties
      env: { ...process.env, DATABASE_URL: t.url },
    });
    return { code: 0, out: stdout };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, out: failed.stdout ?? "" };
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  const seeded = await seedHistory({ databaseUrl: t.url, requests: 250, now: new Date("2026-03-04T12:00:00Z"), days: 3 });
  total = seeded.events;
  head = seeded.head.hash;
});
afterAll(async () => {
  await t?.stop();
});

describe("an untouched log", () => {
  it("verifies clean, in the library and on the command line", async () => {
    expect(total).toBeGreaterThan(1500);
    expect(await verifyAuditLog(t.db, 200)).toEqual({ ok: true, checked: total, head });
    const { code, out } = await cli();
    expect(code).toBe(0);
    expect(out).toContain(`checked ${total.toLocaleString("en")} events`);
    expect(out).toMatch(/events\/s/);
    expect(out).toContain(`chain intact; head ${head}`);
    const parallel = await cli({ parallel: true });
    expect(parallel.code).toBe(0);
    expect(parallel.out).toContain(`checked ${total.toLocaleString("en")} events`);
    expect(parallel.out).toContain("3 workers");
    expect(parallel.out).toContain(`chain intact; head ${head}`);
  });
});

describe("tampering with the trigger bypassed", () => {
  const k = 700;

  it("editing an event's data breaks verification at that event", async () => {
    const [row] = await t.db.$queryRawUnsafe<{ data: string }[]>(`SELECT data::text AS data FROM audit_events WHERE seq = ${k}`);
    const original = row?.data;
    await asSuperuserWithoutTriggers((c) => c.query(`UPDATE audit_events SET data = (data::jsonb || '{"tampered": true}')::json WHERE seq = $1`, [k]));
    try {
      expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: false, checked: k - 1, firstBroken: { seq: String(k), reason: "hash_mismatch" } });
      // On the command line one worker reads the whole log here; the split into worker threads is checked with a
      // broken link below (deleting, reordering).
      const { code, out } = await cli();
      expect(code).toBe(1);
      expect(out).toContain(`CHAIN BROKEN at seq ${k}: its content does not match its hash`);
    } finally {
      await asSuperuserWithoutTriggers((c) => c.query(`UPDATE audit_events SET data = $2::json WHERE seq = $1`, [k, original]));
    }
    expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: true, checked: total });
  });

  it("stores each event's data as exactly the canonical JSON that was hashed", async () => {
    const rows = await t.db.$queryRawUnsafe<{ data: string; parsed: unknown }[]>(`SELECT data::text AS data, data AS parsed FROM audit_events WHERE seq IN (1, ${k}, ${total})`);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.data).toBe(canonicalJson(r.parsed));
  });

  it("a row whose data holds the same content spelled differently (as jsonb rendered it before migration 0006) still verifies", async () => {
    const [row] = await t.db.$queryRawUnsafe<{ data: string }[]>(`SELECT data::text AS data FROM audit_events WHERE seq = ${k}`);
    await asSuperuserWithoutTriggers((c) => c.query(`UPDATE audit_events SET data = data::jsonb::json WHERE seq = $1`, [k]));
    try {
      const [respelled] = await t.db.$queryRawUnsafe<{ data: string }[]>(`SELECT data::text AS data FROM audit_events WHERE seq = ${k}`);
      expect(respelled?.data).not.toBe(row?.data);
      expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: true, checked: total });
    } finally {
      await asSuperuserWithoutTriggers((c) => c.query(`UPDATE audit_events SET data = $2::json WHERE seq = $1`, [k, row?.data]));
    }
  });

  it("an edit that also recomputes the event's own hash breaks verification at the next event", async () => {
    const row = await t.db.auditEvent.findUniqueOrThrow({ where: { seq: BigInt(k) } });
    const forged = { ...row, actorName: "Someone Else" };
    const forgedHash = chainHash(row.prevHash, forged);
    await asSuperuserWithoutTriggers((c) => c.query(`UPDATE audit_events SET actor_name = $2, hash = $3 WHERE seq = $1`, [k, forged.actorName, forgedHash]));
    try {
      expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: false, checked: k, firstBroken: { seq: String(k + 1), reason: "prev_hash_mismatch" } });
    } finally {
      await asSuperuserWithoutTriggers((c) => c.query(`UPDATE audit_events SET actor_name = $2, hash = $3 WHERE seq = $1`, [k, row.actorName, row.hash]));
    }
    expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: true });
  });

  it("deleting an event breaks verification where it was", async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    try {
      const saved = await c.query(`SELECT * FROM audit_events WHERE seq = $1`, [k]);
      await asSuperuserWithoutTriggers((s) => s.query(`DELETE FROM audit_events WHERE seq = $1`, [k]));
      try {
        expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: false, checked: k - 1, firstBroken: { seq: String(k + 1), reason: "seq_gap" } });
        const { code, out } = await cli({ parallel: true });
        expect(code).toBe(1);
        expect(out).toContain(`CHAIN BROKEN at seq ${k + 1}: an event is missing before it`);
      } finally {
        // Putting it back is an INSERT, which the trigger allows.
        const r = saved.rows[0] as Record<string, unknown>;
        const cols = Object.keys(r);
        await c.query(`INSERT INTO audit_events (${cols.map((x) => `"${x}"`).join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")})`, cols.map((x) => r[x]));
      }
    } finally {
      await c.end();
    }
    expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: true, checked: total });
  });

  it("reordering (swapping the seq of two events) breaks verification at the first of them", async () => {
    // Through a free seq: the primary key is checked row by row.
    const swap = async (s: pg.Client) => {
      await s.query(`UPDATE audit_events SET seq = -1 WHERE seq = $1`, [k]);
      await s.query(`UPDATE audit_events SET seq = $1 WHERE seq = $2`, [k, k + 1]);
      await s.query(`UPDATE audit_events SET seq = $1 WHERE seq = -1`, [k + 1]);
    };
    await asSuperuserWithoutTriggers(swap);
    try {
      expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: false, checked: k - 1, firstBroken: { seq: String(k), reason: "prev_hash_mismatch" } });
      const { code, out } = await cli({ parallel: true });
      expect(code).toBe(1);
      expect(out).toContain(`CHAIN BROKEN at seq ${k}: its prev_hash does not match`);
    } finally {
      await asSuperuserWithoutTriggers(swap);
    }
    expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: true, checked: total });
  });

  it("a change to an event's time, made with the trigger disabled on the table, breaks verification at that event", async () => {
    await t.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
      await tx.$executeRawUnsafe(`UPDATE audit_events SET at = at + interval '1 millisecond' WHERE seq = 42`);
      await tx.$executeRawUnsafe(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
    });
    try {
      expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: false, checked: 41, firstBroken: { seq: "42", reason: "hash_mismatch" } });
    } finally {
      await asSuperuserWithoutTriggers((c) => c.query(`UPDATE audit_events SET at = at - interval '1 millisecond' WHERE seq = 42`));
    }
    expect(await verifyAuditLog(t.db, 200)).toMatchObject({ ok: true });
  });
});

describe("through a normal connection", () => {
  it("UPDATE and DELETE are rejected by the append-only trigger and change nothing", async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    try {
      await expect(c.query(`UPDATE audit_events SET action = 'request.approved' WHERE seq = 10`)).rejects.toThrow("audit_events is append-only: UPDATE is not allowed");
      await expect(c.query(`DELETE FROM audit_events WHERE seq = 10`)).rejects.toThrow("audit_events is append-only: DELETE is not allowed");
      await expect(t.db.auditEvent.deleteMany({ where: { seq: { gt: 5n } } })).rejects.toThrow(/append-only/);
    } finally {
      await c.end();
    }
    expect(await verifyAuditLog(t.db, 500)).toEqual({ ok: true, checked: total, head });
  });
});

describe("verification on demand (the audit page)", () => {
  it("reports the result with its speed and records who ran it", async () => {
    const now = new Date("2026-03-05T09:00:00Z");
    const report = await runAuditVerification({ db: t.db, now: () => now }, { auditor: { id: "a01", displayName: "Ada Auditor" }, meta: { ip: "10.0.0.9" } });
    expect(report).toMatchObject({ ok: true, checked: total, head, at: now.toISOString() });
    expect(report.eventsPerSecond).toBeGreaterThan(0);
    expect(await lastVerification(t.db)).toEqual({ at: now, by: "Ada Auditor", ok: true, checked: total });
    // The record is itself part of the chain.
    expect(await verifyAuditLog(t.db, 500)).toMatchObject({ ok: true, checked: total + 1 });

    const later = new Date("2026-03-05T10:00:00Z");
    await runAuditVerification({ db: t.db, now: () => later }, { auditor: { id: "a02", displayName: "Bo Auditor" } });
    expect(await lastVerification(t.db)).toEqual({ at: later, by: "Bo Auditor", ok: true, checked: total + 1 });
  });

  it("finds the last verification through its partial index, not by walking the log", async () => {
    const plan = await t.db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${lastVerificationQuery.sql}`);
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/Index Scan Backward using audit_events_verified_seq_idx/);
  });
});
