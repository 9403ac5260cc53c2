import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEvent, canonicalJson, chainHash, GENESIS_HASH, type ChainedEvent } from "./chain";
import { auditActions, auditSchemas } from "./events";
import { verifyChain, type StoredAuditEvent } from "./verify";

describe("canonical encoding", () => {
  it("sorts keys at every depth and has no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it("writes dates as ISO-8601 UTC and bigints as strings", () => {
    expect(canonicalJson({ at: new Date("2026-03-04T10:00:00.123+01:00"), seq: 42n })).toBe('{"at":"2026-03-04T09:00:00.123Z","seq":"42"}');
  });
  it("drops undefined keys and writes null for absent values", () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
  it("is independent of key insertion order (as jsonb reorders keys)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        return canonicalJson(obj) === canonicalJson(reversed) && canonicalJson(JSON.parse(JSON.stringify(obj))) === canonicalJson(obj);
      }),
    );
  });
  it("refuses non-finite numbers", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
  it("encodes an event with every field, absent ones as null", () => {
    const e: ChainedEvent = {
      seq: 1n,
      id: "00000000-0000-4000-8000-000000000001",
      at: new Date("2026-03-04T10:00:00Z"),
      actorType: "system",
      actorId: null,
      actorName: null,
      action: "request.expired",
      requestId: null,
      data: {},
      ip: null,
      userAgent: null,
    };
    expect(canonicalEvent(e)).toBe(
      '{"action":"request.expired","actor":{"id":null,"name":null,"type":"system"},"at":"2026-03-04T10:00:00.000Z","data":{},"id":"00000000-0000-4000-8000-000000000001","ip":null,"requestId":null,"seq":"1","userAgent":null}',
    );
  });
});

function buildChain(n: number): StoredAuditEvent[] {
  const rows: StoredAuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: ChainedEvent = {
      seq: BigInt(i),
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      at: new Date(Date.UTC(2026, 2, 4, 10, 0, i)),
      actorType: "user",
      actorId: `user-${i % 3}`,
      actorName: null,
      action: "mail.sent",
      requestId: null,
      data: { template: "t", to: [`p${i}@contoso.example`], subject: `s${i}` },
      ip: "127.0.0.1",
      userAgent: "vitest",
    };
    const hash = chainHash(prev, e);
    rows.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

const reader = (rows: StoredAuditEvent[]) => (after: bigint, limit: number) =>
  Promise.resolve(rows.filter((r) => r.seq > after).slice(0, limit));

describe("verifyChain", () => {
  it("accepts an intact chain across several batches", async () => {
    const rows = buildChain(25);
    const r = await verifyChain(reader(rows), 7);
    expect(r).toEqual({ ok: true, checked: 25, head: rows[24]!.hash });
  });

  it("accepts an empty log", async () => {
    expect(await verifyChain(reader([]))).toEqual({ ok: true, checked: 0, head: GENESIS_HASH });
  });

  it("detects an edited event", async () => {
    const rows = buildChain(10);
    rows[4] = { ...rows[4]!, data: { template: "t", to: ["mallory@evil.example"], subject: "s5" } };
    expect(await verifyChain(reader(rows), 3)).toMatchObject({ ok: false, checked: 4, firstBroken: { seq: "5", reason: "hash_mismatch" } });
  });

  it("detects an edit that also recomputes the event's own hash", async () => {
    const rows = buildChain(10);
    const edited = { ...rows[4]!, actorId: "someone-else" };
    rows[4] = { ...edited, hash: chainHash(edited.prevHash, edited) };
    expect(await verifyChain(reader(rows))).toMatchObject({ ok: false, firstBroken: { seq: "6", reason: "prev_hash_mismatch" } });
  });

  it("detects a deleted event (seq gap)", async () => {
    const rows = buildChain(10).filter((r) => r.seq !== 6n);
    expect(await verifyChain(reader(rows))).toMatchObject({ ok: false, checked: 5, firstBroken: { seq: "7", reason: "seq_gap" } });
  });

  it("detects a deletion that renumbers the rest", async () => {
    const rows = buildChain(10)
      .filter((r) => r.seq !== 6n)
      .map((r) => (r.seq > 6n ? { ...r, seq: r.seq - 1n } : r));
    expect(await verifyChain(reader(rows))).toMatchObject({ ok: false, firstBroken: { seq: "6", reason: "prev_hash_mismatch" } });
  });

  it("detects two events swapped in order", async () => {
    const rows = buildChain(10);
    const a = rows[2]!;
    const b = rows[3]!;
    rows[2] = { ...b, seq: 3n };
    rows[3] = { ...a, seq: 4n };
    expect(await verifyChain(reader(rows))).toMatchObject({ ok: false, firstBroken: { seq: "3", reason: "prev_hash_mismatch" } });
  });

  it("detects a changed timestamp", async () => {
    const rows = buildChain(5);
    rows[1] = { ...rows[1]!, at: new Date(rows[1]!.at.getTime() + 1) };
    expect(await verifyChain(reader(rows))).toMatchObject({ ok: false, firstBroken: { seq: "2", reason: "hash_mismatch" } });
  });
});

describe("audit vocabulary", () => {
  it("uses stable dotted lower-case action names", () => {
    for (const a of auditActions) expect(a).toMatch(/^[a-z]+\.[a-z_]+$/);
  });
  it("has a schema for every action that rejects unknown fields", () => {
    expect(auditSchemas["request.expired"].safeParse({ from: "active", to: "expired", endDateTime: null, extra: 1 }).success).toBe(false);
    expect(auditSchemas["request.expired"].safeParse({ from: "active", to: "expired", endDateTime: null }).success).toBe(true);
  });
});
