/**
 * Puts seeded events on the audit chain: seq continues from the database's last event, ids are new, and each
 * hash is computed exactly as lib/audit/append.ts computes it — SHA-256 over the previous hash, a newline and the
 * canonical event (lib/audit/chain.ts).
 *
 * A million requests make ~8.6 million events, and building each canonical event as a JavaScript string (then
 * flattening it to hash it, then encoding it again for COPY) made the garbage collector the seeder's largest
 * cost. So the hash input is written as bytes into one reused buffer, from pieces encoded once per actor, request
 * and action; the COPY row copies its fields from the same bytes. The layout written here is chain.ts's
 * `canonicalEventFromJson`, field for field — kept honest three ways: one event in 997 is re-hashed with the
 * reference encoder (a mismatch stops the seeding), lib/history/seed/chain.test.ts compares the two on every
 * kind of event, and the integration tests verify the seeded chain with lib/audit/verify.ts.
 */
import { hash as sha256, randomFillSync } from "node:crypto";
import { chainHash, nullableString } from "@/lib/audit/chain";
import { BinaryCopyWriter } from "./binary-copy";
import { isoUtc } from "./iso";
import type { SeedActor, SeedEvent, SeedRequestRef } from "./requests";

export interface ChainHead {
  /** A JavaScript number: a chain would need 2^53 events to outgrow it. */
  seq: number;
  hash: string;
}

/** A chained event as text, for the INSERT path (PGlite). */
export interface ChainedSeedEvent {
  event: SeedEvent;
  seq: number;
  id: string;
  dataJson: string;
  prevHash: string;
  hash: string;
}

const hexPairs = new Uint16Array(256).map((_, i) => (i.toString(16).padStart(2, "0").charCodeAt(0) << 8) | i.toString(16).padStart(2, "0").charCodeAt(1));
const latin1 = (s: string) => Buffer.from(s, "latin1");
const AT = latin1(`,"at":"`);
const DATA = latin1(`","data":`);
const ID = latin1(`,"id":"`);
const SEQ = latin1(`,"seq":"`);
const SEQ_END = latin1(`",`);
const IP = latin1(`","ip":`);

/** A person's encodings: `,"actor":{"id":…,"name":…,"type":…}` and the COPY fields actor_id, actor_type, actor_name. */
interface PersonPieces {
  actor: Buffer;
  who: Buffer;
}

/** A browser's encodings: `"userAgent":…}` (the last field and the end of the event) and the COPY field user_agent. */
interface BrowserPieces {
  userAgent: Buffer;
  field: Buffer;
}

/** An action's or a request's encodings: its canonical JSON piece and its COPY field. */
interface Pieces {
  canonical: Buffer;
  field: Buffer;
}

/** The value cached under `key`, made once. */
function cached<K, V>(cache: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

/** TypedArray#set: a plain memory copy, cheaper for these short pieces than Buffer#copy's checks. */
function put(b: Buffer, piece: Uint8Array, at: number): number {
  b.set(piece, at);
  return at + piece.length;
}

export class SeedChain {
  private seq: number;
  /** The previous event's hash as hex: the start of the next hash input, and the next row's prev_hash. */
  private readonly prev = Buffer.alloc(64);
  private input = Buffer.allocUnsafe(1 << 14);
  private readonly id = Buffer.alloc(16);
  private readonly randomPool = Buffer.allocUnsafe(16 * 4096);
  private randomAt = this.randomPool.length;
  // Hundreds of people and a handful of browsers: their encodings are made once. (Addresses differ per request
  // and are written as they come.)
  private readonly people = new Map<string, PersonPieces>();
  private readonly browsers = new Map<string | null, BrowserPieces>();
  private readonly requests = new WeakMap<SeedRequestRef, Pieces>();
  private readonly actions = new Map<string, Pieces>();
  // Where the last chained event's parts are in `input`.
  private idAt = 0;
  private dataAt = 0;
  private dataEnd = 0;
  private digest: Buffer = Buffer.alloc(32);

  constructor(head: ChainHead) {
    this.seq = head.seq;
    if (!/^[0-9a-f]{64}$/.test(head.hash)) throw new Error(`not a chain hash: ${head.hash}`);
    this.prev.write(head.hash, "latin1");
  }

  get head(): ChainHead {
    return { seq: this.seq, hash: this.prev.toString("latin1") };
  }

  /** Chains `e` and writes its audit_events row (tables.ts eventTable's columns) into a binary COPY stream. */
  appendBinary(e: SeedEvent, w: BinaryCopyWriter): void {
    const pieces = this.chain(e);
    w.row(13).int8(this.seq).uuidBytes(this.id).timestamp(e.at).raw(pieces.person.who).raw(pieces.action.field).raw(pieces.request.field)
      .textBytes(this.input, this.dataAt, this.dataEnd).textOrNull(e.actor.ip).raw(pieces.browser.field).textBytes(this.prev, 0, 64);
    this.advance();
    w.textBytes(this.prev, 0, 64);
  }

  /** Chains `e` and returns it as text (the INSERT path). */
  appendRow(e: SeedEvent): ChainedSeedEvent {
    this.chain(e);
    const prevHash = this.prev.toString("latin1");
    this.advance();
    return {
      event: e,
      seq: this.seq,
      id: this.input.toString("latin1", this.idAt, this.idAt + 36),
      dataJson: this.input.toString("utf8", this.dataAt, this.dataEnd),
      prevHash,
      hash: this.prev.toString("latin1"),
    };
  }

  /** Writes the hash input of the next event and hashes it into `digest`; `prev` still holds the previous hash. */
  private chain(e: SeedEvent): { person: PersonPieces; browser: BrowserPieces; action: Pieces; request: Pieces } {
    const person = this.personPieces(e.actor);
    const browser = this.browserPieces(e.actor.userAgent);
    const action = this.actionPieces(e.action);
    const request = this.requestPieces(e.request);
    this.seq++;
    this.ensure(512 + e.dataJson.length * 3);
    const b = this.input;
    let p = put(b, this.prev, 0);
    b[p++] = 10; // "\n"
    p = put(b, action.canonical, p); // {"action":"…"
    p = put(b, person.actor, p);
    p = put(b, AT, p);
    p += b.write(isoUtc(e.at), p, "latin1");
    p = put(b, DATA, p);
    this.dataAt = p;
    p += b.write(e.dataJson, p, "utf8");
    this.dataEnd = p;
    p = put(b, ID, p);
    this.idAt = p;
    p = this.writeNewId(b, p);
    p = put(b, IP, p);
    p += b.write(nullableString(e.actor.ip), p, "utf8");
    b[p++] = 44; // ","
    p = put(b, request.canonical, p);
    p = put(b, SEQ, p);
    p = writeDigits(b, p, this.seq);
    p = put(b, SEQ_END, p);
    p = put(b, browser.userAgent, p);
    this.digest = sha256("sha256", b.subarray(0, p), "buffer");
    if (this.seq % 997 === 0) this.guard(e);
    return { person, browser, action, request };
  }

  /** The new hash becomes `prev`. */
  private advance(): void {
    const d = this.digest;
    const h = this.prev;
    for (let i = 0; i < 32; i++) {
      const pair = hexPairs[d[i] as number] as number;
      h[2 * i] = pair >> 8;
      h[2 * i + 1] = pair & 0xff;
    }
  }

  private guard(e: SeedEvent): void {
    const hash = Buffer.from(this.digest).toString("hex");
    const reference = referenceHash(this.prev.toString("latin1"), e, this.seq, this.input.toString("latin1", this.idAt, this.idAt + 36));
    if (reference !== hash) throw new Error(`seeded event ${this.seq} does not hash like lib/audit/chain.ts; refusing to write a broken chain`);
  }

  /** A random (version 4) uuid into `this.id`, and its text form into `b` at `p`. */
  private writeNewId(b: Buffer, p: number): number {
    if (this.randomAt === this.randomPool.length) {
      randomFillSync(this.randomPool);
      this.randomAt = 0;
    }
    const id = this.id;
    this.randomPool.copy(id, 0, this.randomAt, this.randomAt + 16);
    this.randomAt += 16;
    id[6] = ((id[6] as number) & 0x0f) | 0x40;
    id[8] = ((id[8] as number) & 0x3f) | 0x80;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) b[p++] = 45; // "-"
      const pair = hexPairs[id[i] as number] as number;
      b[p++] = pair >> 8;
      b[p++] = pair & 0xff;
    }
    return p;
  }

  private personPieces(a: SeedActor): PersonPieces {
    // One id is one person in the seeded cast (people.ts): the id alone is the key.
    return cached(this.people, a.id, () => ({
      actor: Buffer.from(`,"actor":{"id":${nullableString(a.id)},"name":${nullableString(a.name)},"type":${JSON.stringify(a.type)}}`, "utf8"),
      who: BinaryCopyWriter.encodeFields((w) => w.text(a.id).text(a.type).text(a.name)),
    }));
  }

  private browserPieces(userAgent: string | null): BrowserPieces {
    return cached(this.browsers, userAgent, () => ({
      userAgent: Buffer.from(`"userAgent":${nullableString(userAgent)}}`, "utf8"),
      field: BinaryCopyWriter.encodeFields((w) => w.textOrNull(userAgent)),
    }));
  }

  private actionPieces(action: string): Pieces {
    return cached(this.actions, action, () => ({ canonical: Buffer.from(`{"action":${JSON.stringify(action)}`, "utf8"), field: BinaryCopyWriter.encodeFields((w) => w.text(action)) }));
  }

  private requestPieces(r: SeedRequestRef): Pieces {
    return cached(this.requests, r, () => ({ canonical: Buffer.from(`"requestId":${nullableString(r.id)}`, "utf8"), field: BinaryCopyWriter.encodeFields((w) => w.uuid(r.id)) }));
  }

  private ensure(bytes: number): void {
    if (this.input.length < bytes) this.input = Buffer.allocUnsafe(bytes * 2);
  }
}

/** The hash lib/audit/chain.ts's reference encoder gives the seeded event `e` as event `seq` with id `id`. */
export function referenceHash(prevHash: string, e: SeedEvent, seq: number, id: string): string {
  return chainHash(prevHash, {
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
}

/** The decimal digits of a non-negative safe integer. */
function writeDigits(b: Buffer, p: number, n: number): number {
  if (n === 0) {
    b[p] = 48;
    return p + 1;
  }
  let digits = 0;
  for (let x = n; x > 0; x = Math.floor(x / 10)) digits++;
  for (let i = digits - 1, x = n; i >= 0; i--, x = Math.floor(x / 10)) b[p + i] = 48 + (x % 10);
  return p + digits;
}
