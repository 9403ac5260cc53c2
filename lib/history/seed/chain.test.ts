import { describe, expect, it } from "vitest";
import { GENESIS_HASH } from "@/lib/audit/chain";
import { BinaryCopyWriter } from "./binary-copy";
import { referenceHash, SeedChain } from "./chain";
import type { SeedActor, SeedEvent } from "./requests";

const actor = (type: "user" | "system", id: string, name: string, ip: string | null, userAgent: string | null): SeedActor => ({ type, id, name, ip, userAgent });

const people = [
  actor("user", "5eed0000-0000-4000-8001-000000000007", "Zoë \"Z\" Ångström", "10.20.3.4", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"),
  actor("system", "worker", "JIT worker", null, null),
];
const requests = [
  { id: "0b1c2d3e-0000-4000-8000-000000000001" },
  { id: "0b1c2d3e-0000-4000-8000-0000000000ff" },
];
const data = ['{"to":"submitted"}', '{"approverEmail":"a@contoso.example","approverId":"x","expiresAt":"2026-08-28T10:31:29.574Z"}', '{"reason":"line\\nbreak \\"quoted\\" ü"}'];

/** Events across day boundaries, milliseconds 0–999, both actors and every data shape. */
function events(n: number): SeedEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    at: Date.UTC(2026, 0, 31, 23, 59, 59, 990) + i * 7_777 + (i % 3),
    actor: people[i % 2]!,
    action: i % 2 ? "approval.link_issued" : "request.submitted",
    request: requests[i % 2]!,
    dataJson: data[i % 3]!,
  }));
}

/** The fields of each tuple of a binary COPY stream (enough of the format for these rows). */
function decodeRows(stream: Buffer): (Buffer | null)[][] {
  const rows: (Buffer | null)[][] = [];
  let p = 19;
  for (;;) {
    const fields = stream.readInt16BE(p);
    p += 2;
    if (fields === -1) return rows;
    const row: (Buffer | null)[] = [];
    for (let f = 0; f < fields; f++) {
      const n = stream.readInt32BE(p);
      p += 4;
      row.push(n < 0 ? null : stream.subarray(p, p + n));
      p += Math.max(0, n);
    }
    rows.push(row);
  }
}

const uuidText = (b: Buffer) => b.toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");

describe("SeedChain", () => {
  it("hashes every event exactly as the reference encoder does, continuing from the head", () => {
    const chain = new SeedChain({ seq: 41, hash: "ab".repeat(32) });
    let prev = "ab".repeat(32);
    events(2000).forEach((e, i) => {
      const row = chain.appendRow(e);
      expect(row.seq).toBe(42 + i);
      expect(row.prevHash).toBe(prev);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.dataJson).toBe(e.dataJson);
      expect(row.hash).toBe(referenceHash(prev, e, row.seq, row.id));
      prev = row.hash;
    });
    expect(chain.head).toEqual({ seq: 2041, hash: prev });
  });

  it("writes COPY rows whose fields are the event's and whose hashes chain as the reference says", () => {
    const chain = new SeedChain({ seq: 0, hash: GENESIS_HASH });
    const w = new BinaryCopyWriter(1024);
    const list = events(300);
    for (const e of list) chain.appendBinary(e, w);
    const rows = decodeRows(w.finish());
    expect(rows).toHaveLength(300);
    let prev = GENESIS_HASH;
    rows.forEach((r, i) => {
      const e = list[i]!;
      const text = (k: number) => r[k]?.toString("utf8") ?? null;
      const seq = Number(r[0]!.readBigInt64BE(0));
      const id = uuidText(r[1]!);
      expect(seq).toBe(i + 1);
      expect(Number(r[2]!.readBigInt64BE(0)) / 1000 + Date.UTC(2000, 0, 1)).toBe(e.at);
      expect([text(3), text(4), text(5), text(6)]).toEqual([e.actor.id, e.actor.type, e.actor.name, e.action]);
      expect(uuidText(r[7]!)).toBe(e.request.id);
      expect(text(8)).toBe(e.dataJson);
      expect([text(9), text(10)]).toEqual([e.actor.ip, e.actor.userAgent]);
      expect(text(11)).toBe(prev);
      expect(text(12)).toBe(referenceHash(prev, e, seq, id));
      prev = text(12)!;
    });
    expect(chain.head.hash).toBe(prev);
  });

  it("refuses a head that is not a hash", () => {
    expect(() => new SeedChain({ seq: 0, hash: "not-a-hash" })).toThrow(/not a chain hash/);
  });
});
