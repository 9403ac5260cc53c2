/**
 * The hash-chained audit log on a real database: events survive the json/timestamptz round trip unchanged
 * (the chain verifies), concurrent writers do not fork the chain, and tampering is detected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "@/lib/audit/append";
import { canonicalJson } from "@/lib/audit/chain";
import { verifyAuditLog } from "@/lib/audit/verify";
import { withAudit } from "@/lib/audit/with-audit";
import { createTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const actor = { type: "user" as const, id: "5e4d3c2b-0000-4000-8000-00000000c001", name: "Nora Requester" };

describe("audit log", () => {
  it("verifies after many events written by concurrent transactions, with contiguous seq", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withAudit(t.db, new Date(Date.UTC(2026, 2, 4, 10, 0, i, 123)), (_tx, audit) => {
          audit({
            action: "mail.sent",
            actor,
            data: { template: "approval-request", to: [`p${i}@contoso.example`], subject: `Ünïcode — "quotes" <tags> #${i}` },
            ip: "2001:db8::1",
            userAgent: "Mozilla/5.0",
          });
          return Promise.resolve();
        }),
      ),
    );
    const rows = await t.db.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true } });
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    const result = await verifyAuditLog(t.db, 7);
    expect(result).toMatchObject({ ok: true, checked: rows.length });
    // The json column holds exactly the canonical text that was hashed, byte for byte (migration 0006).
    const stored = await t.db.$queryRaw<{ text: string; parsed: unknown }[]>`SELECT data::text AS text, data AS parsed FROM audit_events ORDER BY seq`;
    expect(stored.length).toBe(rows.length);
    for (const r of stored) expect(r.text).toBe(canonicalJson(r.parsed));
  });

  it("rolls back with the transaction it belongs to", async () => {
    const before = await t.db.auditEvent.count();
    await expect(
      t.db.$transaction(async (tx) => {
        await appendAudit(tx, { action: "auth.signed_out", actor, data: {} });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await t.db.auditEvent.count()).toBe(before);
  });

  it("refuses an event whose data does not match its action's schema", async () => {
    await expect(
      t.db.$transaction((tx) => appendAudit(tx, { action: "request.expired", actor, data: { from: "active", to: "nonsense" } } as never)),
    ).rejects.toThrow();
  });

  it("the database refuses updates, and an edit made with the trigger disabled is detected", async () => {
    await expect(t.db.$executeRawUnsafe(`UPDATE audit_events SET action = 'x' WHERE seq = 3`)).rejects.toThrow(/append-only/);
    await t.db.$executeRawUnsafe(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
    try {
      await t.db.$executeRawUnsafe(`UPDATE audit_events SET data = jsonb_set(data::jsonb, '{subject}', '"edited"')::json WHERE seq = 5`);
    } finally {
      await t.db.$executeRawUnsafe(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
    }
    expect(await verifyAuditLog(t.db)).toMatchObject({ ok: false, checked: 4, firstBroken: { seq: "5", reason: "hash_mismatch" } });
  });
});
