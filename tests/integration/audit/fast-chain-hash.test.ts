/**
 * Appending, seeding and verifying hash with chain.ts's fast encoder; it must produce exactly the reference
 * encoder's bytes, or verification would disagree with what was written. Checked on random events of every shape the log can hold.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEvent, canonicalValue, chainHash, fastCanonicalEvent, fastChainHash, GENESIS_HASH, type ChainedEvent } from "@/lib/audit/chain";
import { verifyChain, type StoredAuditEvent } from "@/lib/audit/verify";

const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ unit: "binary" }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: "binary" }), tie("value"), { maxKeys: 5 }),
  ),
})).value;

const nullable = (a: fc.Arbitrary<string>) => fc.option(a, { nil: null });

const event: fc.Arbitrary<ChainedEvent> = fc.record({
  seq: fc.bigInt({ min: 1n, max: 2n ** 62n }),
  id: fc.uuid(),
  at: fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
  actorType: fc.constantFrom("user", "system"),
  actorId: nullable(fc.string({ unit: "binary" })),
  actorName: nullable(fc.string({ unit: "binary" })),
  action: fc.string({ unit: "binary" }),
  requestId: nullable(fc.uuid()),
  data: fc.dictionary(fc.string({ unit: "binary" }), json, { maxKeys: 6 }),
  ip: nullable(fc.string()),
  userAgent: nullable(fc.string({ unit: "binary" })),
});

describe("fast canonical encoding", () => {
  it("writes exactly chain.ts's canonical event", () => {
    fc.assert(
      fc.property(event, (e) => {
        expect(fastCanonicalEvent(e)).toBe(canonicalEvent(e));
        expect(fastChainHash(GENESIS_HASH, e)).toBe(chainHash(GENESIS_HASH, e));
      }),
      { numRuns: 2000 },
    );
  });

  it("falls back to chain.ts for values the database never returns", () => {
    const e = { seq: 1n, id: "x", at: new Date(0), actorType: "user", actorId: undefined, actorName: null, action: "a", requestId: null, data: undefined, ip: null, userAgent: null };
    expect(fastCanonicalEvent(e as unknown as ChainedEvent)).toBe(canonicalEvent(e as unknown as ChainedEvent));
    expect(() => canonicalValue({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
  });

  it("verifyChain with the fast path still reports the first bad event", async () => {
    const rows: StoredAuditEvent[] = [];
    let prev = GENESIS_HASH;
    for (let i = 1; i <= 30; i++) {
      const e: ChainedEvent = { seq: BigInt(i), id: `id-${i}`, at: new Date(i * 1000), actorType: "system", actorId: null, actorName: null, action: "mail.sent", requestId: null, data: { i, nested: { z: [1, "ü"], a: null } }, ip: null, userAgent: null };
      const hash = chainHash(prev, e);
      rows.push({ ...e, prevHash: prev, hash });
      prev = hash;
    }
    const read = (list: StoredAuditEvent[]) => (after: bigint, limit: number) => Promise.resolve(list.filter((r) => r.seq > after).slice(0, limit));
    expect(await verifyChain(read(rows), 4)).toEqual({ ok: true, checked: 30, head: prev });
    const edited = rows.map((r) => (r.seq === 13n ? { ...r, data: { i: 13, nested: { z: [1, "u"], a: null } } } : r));
    expect(await verifyChain(read(edited), 4)).toMatchObject({ ok: false, checked: 12, firstBroken: { seq: "13", reason: "hash_mismatch" } });
  });
});
