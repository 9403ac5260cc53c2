/**
 * Parallel verification (scripts/audit-verify.ts) checks seq ranges separately; stitching them must give exactly
 * the verdict of one pass over the whole log — including at the seams between ranges.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { GENESIS_HASH } from "@/lib/audit/chain";
import { verifyAuditLog, verifyAuditRange } from "@/lib/audit/verify";
import { seedHistory } from "@/lib/history/seed/seed-history";
import { stitch } from "@/scripts/audit-verify";
import { createTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
let total = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  total = (await seedHistory({ databaseUrl: t.url, requests: 60, now: new Date("2026-03-04T12:00:00Z"), days: 1 })).events;
});
afterAll(async () => {
  await t?.stop();
});

/** The log split at `cuts` (seq numbers), each range verified on its own, then stitched. */
async function split(cuts: number[]) {
  const bounds = [0, ...cuts];
  const ranges = await Promise.all(
    bounds.map((after, i) =>
      verifyAuditRange(t.db, {
        afterSeq: BigInt(after),
        ...(i + 1 < bounds.length ? { throughSeq: BigInt(bounds[i + 1]!) } : {}),
        ...(i === 0 ? { expectedPrevHash: GENESIS_HASH } : {}),
        batchSize: 7,
      }),
    ),
  );
  return stitch(ranges);
}

async function tamper(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: t.url });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query("SET LOCAL session_replication_role = replica");
    await c.query(sql);
    await c.query("COMMIT");
  } finally {
    await c.end();
  }
}

describe("stitched ranges", () => {
  it("agree with one pass on an intact log, wherever the seams are (also empty ranges)", async () => {
    const whole = await verifyAuditLog(t.db, 50);
    expect(whole).toMatchObject({ ok: true, checked: total });
    for (const cuts of [[1], [total - 1], [10, 11, 200], [100, 100, total + 50]]) expect(await split(cuts), String(cuts)).toEqual(whole);
  });

  it("agree with one pass when the event right after a seam, or right before it, is edited", async () => {
    for (const seq of [101, 100]) {
      await tamper(`UPDATE audit_events SET data = (data::jsonb || '{"x": 1}')::json WHERE seq = ${seq}`);
      const whole = await verifyAuditLog(t.db, 50);
      expect(whole).toMatchObject({ ok: false, firstBroken: { seq: String(seq), reason: "hash_mismatch" } });
      expect(await split([100, 300])).toEqual(whole);
      await tamper(`UPDATE audit_events SET data = (data::jsonb - 'x')::json WHERE seq = ${seq}`);
    }
    expect(await split([100, 300])).toMatchObject({ ok: true, checked: total });
  });

  it("agree with one pass when the first event of a range is deleted, or two events across a seam are swapped", async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    const saved = (await c.query(`SELECT * FROM audit_events WHERE seq = 101`)).rows[0] as Record<string, unknown>;
    await tamper(`DELETE FROM audit_events WHERE seq = 101`);
    const whole = await verifyAuditLog(t.db, 50);
    expect(whole).toMatchObject({ ok: false, checked: 100, firstBroken: { seq: "102", reason: "seq_gap" } });
    expect(await split([100, 300])).toEqual(whole);
    const cols = Object.keys(saved);
    await c.query(`INSERT INTO audit_events (${cols.map((x) => `"${x}"`).join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")})`, cols.map((x) => saved[x]));
    await c.end();

    const swap = `UPDATE audit_events SET seq = -1 WHERE seq = 100; UPDATE audit_events SET seq = 100 WHERE seq = 101; UPDATE audit_events SET seq = 101 WHERE seq = -1;`;
    await tamper(swap);
    const swapped = await verifyAuditLog(t.db, 50);
    expect(swapped).toMatchObject({ ok: false, checked: 99, firstBroken: { seq: "100", reason: "prev_hash_mismatch" } });
    expect(await split([100, 300])).toEqual(swapped);
    await tamper(swap);
    expect(await split([100, 300])).toMatchObject({ ok: true, checked: total });
  });
});
