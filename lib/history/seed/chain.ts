/**
 * Puts seeded events on the audit chain: seq continues from the database's last event, ids are new, and each
 * hash is computed exactly as lib/audit/append.ts computes it — with chain.ts's canonical layout
 * (`canonicalEventFromJson`), fed with encodings the generator made once per actor and request. One event in 997
 * is re-hashed with the reference encoder as a guard. `dataJson` is the canonical JSON that was hashed, which is
 * also what the json column stores.
 */
import { hash as sha256Once, randomUUID } from "node:crypto";
import { canonicalEventFromJson, chainHash, type EventJson } from "@/lib/audit/chain";
import { isoUtc } from "./iso";
import type { SeedEvent } from "./requests";

export interface ChainedSeedEvent {
  event: SeedEvent;
  seq: number;
  id: string;
  dataJson: string;
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  /** A JavaScript number: a chain would need 2^53 events to outgrow it. */
  seq: number;
  hash: string;
}

const actionJson = new Map<string, string>();

/** Where a chained event goes: its fields are passed one by one, so no object is made per event. */
export type EmitChained = (event: SeedEvent, seq: number, id: string, dataJson: string, prevHash: string, hash: string) => void;

/** Chains `events` (in time order) after `head`, handing each to `emit` as soon as it is hashed; returns the new head. */
export function chainEvents(events: readonly SeedEvent[], head: ChainHead, emit: EmitChained): ChainHead {
  let seq = head.seq;
  let prevHash = head.hash;
  // One reused object for the JSON parts of each event.
  const j: EventJson = { action: "", actorId: "", actorName: "", actorType: "", at: "", data: "", id: "", ip: "", requestId: "", seq: "", userAgent: "" };
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as SeedEvent;
    seq++;
    const id = randomUUID();
    const dataJson = e.dataJson;
    const a = e.actor.json;
    let action = actionJson.get(e.action);
    if (action === undefined) actionJson.set(e.action, (action = JSON.stringify(e.action)));
    j.action = action;
    j.actorId = a.id;
    j.actorName = a.name;
    j.actorType = a.type;
    j.at = `"${isoUtc(e.at)}"`;
    j.data = dataJson;
    j.id = `"${id}"`;
    j.ip = a.ip;
    j.requestId = e.request.idJson;
    j.seq = `"${seq}"`;
    j.userAgent = a.userAgent;
    const hash = sha256Once("sha256", `${prevHash}\n${canonicalEventFromJson(j)}`, "hex");
    if (seq % 997 === 0) guard(e, seq, id, prevHash, hash);
    emit(e, seq, id, dataJson, prevHash, hash);
    prevHash = hash;
  }
  return { seq, hash: prevHash };
}

function guard(e: SeedEvent, seq: number, id: string, prevHash: string, hash: string): void {
  const reference = chainHash(prevHash, {
    seq: BigInt(seq),
    id,
    at: new Date(e.at),
    actorType: e.actor.type,
    actorId: e.actor.id,
    actorName: e.actor.name,
    action: e.action,
    requestId: e.request.id,
    data: JSON.parse(e.dataJson) as unknown,
    ip: e.actor.ip,
    userAgent: e.actor.userAgent,
  });
  if (reference !== hash) throw new Error(`seeded event ${seq} does not hash like lib/audit/chain.ts; refusing to write a broken chain`);
}
