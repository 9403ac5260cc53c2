/**
 * Puts seeded events on the audit chain: seq continues from the database's last event, ids are new, and each
 * hash is computed exactly as lib/audit/append.ts would (lib/audit/verify.ts's fast encoder writes the same
 * bytes as chain.ts; one event in 997 is re-hashed with chain.ts itself as a guard).
 */
import { hash as sha256Once, randomUUID } from "node:crypto";
import { chainHash, type ChainedEvent } from "@/lib/audit/chain";
import { canonicalEventWithData, canonicalValue, fastChainHash } from "@/lib/audit/verify";
import type { SeedEvent } from "./requests";

export interface ChainedSeedEvent extends ChainedEvent {
  /** `at` as ISO-8601 UTC, as hashed and as written. */
  atIso: string;
  /** The canonical JSON of `data`, which is also what goes into the jsonb column. */
  dataJson: string;
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  seq: bigint;
  hash: string;
}

export function chainEvents(events: readonly SeedEvent[], head: ChainHead): { chained: ChainedSeedEvent[]; head: ChainHead } {
  let seq = head.seq;
  let prevHash = head.hash;
  const chained = new Array<ChainedSeedEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as SeedEvent;
    seq++;
    const atIso = e.at.toISOString();
    const dataJson = canonicalValue(e.data);
    const out: ChainedSeedEvent = {
      seq,
      id: randomUUID(),
      at: e.at,
      atIso,
      actorType: e.actorType,
      actorId: e.actorId,
      actorName: e.actorName,
      action: e.action,
      requestId: e.requestId,
      data: e.data,
      dataJson,
      ip: e.ip,
      userAgent: e.userAgent,
      prevHash,
      hash: "",
    };
    out.hash = sha256Once("sha256", `${prevHash}\n${canonicalEventWithData(out, dataJson)}`, "hex");
    if (seq % 997n === 0n && (chainHash(prevHash, out) !== out.hash || fastChainHash(prevHash, out) !== out.hash)) {
      throw new Error(`seeded event ${seq} does not hash like lib/audit/chain.ts; refusing to write a broken chain`);
    }
    prevHash = out.hash;
    chained[i] = out;
  }
  return { chained, head: { seq, hash: prevHash } };
}
