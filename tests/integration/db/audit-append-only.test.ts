import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";

describe("audit_events is append-only", () => {
  let t: TestDatabase;
  let sql: pg.Client;

  beforeAll(async () => {
    t = await createTestDatabase();
    sql = new pg.Client({ connectionString: t.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.stop();
  });

  const event = (seq: bigint) => ({
    seq,
    actorType: "user",
    actorId: "5e4d3c2b-0000-4000-8000-00000000c001",
    action: "request.submitted",
    data: { durationMinutes: 60 },
    prevHash: seq === 1n ? "0".repeat(64) : `hash-${seq - 1n}`,
    hash: `hash-${seq}`,
  });

  it("accepts inserts, with seq assigned by the caller", async () => {
    await t.db.auditEvent.create({ data: event(1n) });
    await t.db.auditEvent.create({ data: event(2n) });

    const rows = await t.db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.seq, r.hash, r.data])).toEqual([
      [1n, "hash-1", { durationMinutes: 60 }],
      [2n, "hash-2", { durationMinutes: 60 }],
    ]);
  });

  it("has no default for seq: an insert without one fails", async () => {
    await expect(
      sql.query(`INSERT INTO audit_events (id, actor_type, action, prev_hash, hash) VALUES (gen_random_uuid(), 'user', 'x', 'p', 'h')`),
    ).rejects.toThrow(/null value in column "seq"/);
  });

  it("rejects UPDATE through a normal connection with the trigger's message", async () => {
    await expect(sql.query(`UPDATE audit_events SET action = 'request.approved' WHERE seq = 1`)).rejects.toThrow(
      "audit_events is append-only: UPDATE is not allowed",
    );
    await expect(t.db.auditEvent.update({ where: { seq: 2n }, data: { hash: "forged" } })).rejects.toThrow(
      /audit_events is append-only: UPDATE is not allowed/,
    );
  });

  it("rejects DELETE, even of rows that do not exist, with the trigger's message", async () => {
    await expect(sql.query(`DELETE FROM audit_events WHERE seq = 2`)).rejects.toThrow("audit_events is append-only: DELETE is not allowed");
    await expect(sql.query(`DELETE FROM audit_events WHERE false`)).rejects.toThrow("audit_events is append-only: DELETE is not allowed");
    await expect(t.db.auditEvent.deleteMany({})).rejects.toThrow(/audit_events is append-only: DELETE is not allowed/);
  });

  it("rejects TRUNCATE with the trigger's message", async () => {
    await expect(sql.query(`TRUNCATE audit_events`)).rejects.toThrow("audit_events is append-only: TRUNCATE is not allowed");
  });

  it("leaves the log exactly as it was after the refused changes", async () => {
    const rows = await t.db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.seq, r.action, r.hash])).toEqual([
      [1n, "request.submitted", "hash-1"],
      [2n, "request.submitted", "hash-2"],
    ]);
  });
});
