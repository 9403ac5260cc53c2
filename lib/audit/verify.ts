/**
 * Verifies the audit hash chain by streaming it in seq order, batch by batch (the log can be large).
 * Detects edits (hash mismatch), deletions (a gap in seq, or a prev_hash that no longer matches) and
 * reordering (prev_hash / hash mismatch). What it cannot detect on its own is the removal of the newest events:
 * compare `head` with a copy kept elsewhere (an export, a log line) for that.
 *
 * Speed (bench/history.ts, ≥ 100k events/s): the next batch is read while the current one is hashed, and events
 * are encoded by `fastChainHash`, which writes the same bytes as chain.ts's generic encoder about three times
 * faster because the event's top-level keys are known. A mismatch is always re-checked with chain.ts's own
 * `chainHash` before it is reported, so the fast path can only speed verification up, never change its verdict
 * on a bad event.
 */
import { hash as sha256Once } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { canonicalEvent, chainHash, GENESIS_HASH, type ChainedEvent } from "./chain";

export interface StoredAuditEvent extends ChainedEvent {
  prevHash: string;
  hash: string;
}

export type BrokenReason = "seq_gap" | "prev_hash_mismatch" | "hash_mismatch";

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Hash of the last verified event (GENESIS_HASH for an empty log). */
  head: string;
  firstBroken?: { seq: string; reason: BrokenReason };
}

export type ReadBatch = (afterSeq: bigint, limit: number) => Promise<StoredAuditEvent[]>;

export async function verifyChain(readBatch: ReadBatch, batchSize = 500): Promise<VerifyResult> {
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let pending = readBatch(0n, batchSize);
  for (;;) {
    const batch = await pending;
    const last = batch[batch.length - 1];
    // Read ahead: the database works on the next batch while this one is hashed.
    if (batch.length === batchSize && last) {
      pending = readBatch(last.seq, batchSize);
      // A broken link ends verification with this read still in flight; its failure must not go unhandled.
      pending.catch(() => {});
    }
    for (const e of batch) {
      const broken = (reason: BrokenReason): VerifyResult => ({ ok: false, checked, head: prevHash, firstBroken: { seq: e.seq.toString(), reason } });
      if (e.seq !== expectedSeq) return broken("seq_gap");
      if (e.prevHash !== prevHash) return broken("prev_hash_mismatch");
      if (fastChainHash(prevHash, e) !== e.hash && chainHash(prevHash, e) !== e.hash) return broken("hash_mismatch");
      prevHash = e.hash;
      expectedSeq++;
      checked++;
    }
    if (batch.length < batchSize) return { ok: true, checked, head: prevHash };
  }
}

/**
 * Verifies the stored audit log. Rows are read as text in the exact form the canonical encoding needs (seq and
 * ids as text, `at` already formatted as ISO-8601 UTC by PostgreSQL, `data` as JSON text), which is about three
 * times cheaper than letting Prisma build model objects; the verdict is the same as `verifyChain`'s over the
 * same rows, because any mismatch is re-checked with chain.ts on a fully parsed event before it is reported.
 */
export async function verifyAuditLog(db: Db, batchSize = 500): Promise<VerifyResult> {
  const { ok, checked, head, firstBroken } = await verifyAuditRange(db, { afterSeq: 0n, expectedPrevHash: GENESIS_HASH, batchSize });
  return firstBroken ? { ok, checked, head, firstBroken } : { ok, checked, head };
}

export interface RangeOptions {
  /** Verify events with seq > afterSeq… */
  afterSeq: bigint;
  /** …up to and including this one (default: to the end). */
  throughSeq?: bigint;
  /** The hash the first event must point at; unknown (accepted and reported as `firstPrevHash`) when absent. */
  expectedPrevHash?: string;
  batchSize?: number;
}

export interface RangeResult extends VerifyResult {
  /** Seq of the first event in the range, null when the range is empty. */
  firstSeq: string | null;
  /** What the first event points at — for the caller to check against the previous range's head. */
  firstPrevHash: string | null;
}

/**
 * Verifies one seq range of the log, so that ranges can be checked in parallel (scripts/audit-verify.ts) and
 * stitched: range k+1 is intact after range k when its first event is seq `k.last + 1` and its `firstPrevHash` is
 * range k's `head`. With afterSeq 0 and the genesis hash it is exactly the whole-log verification.
 */
export async function verifyAuditRange(db: Db, o: RangeOptions): Promise<RangeResult> {
  const batchSize = o.batchSize ?? 500;
  const upTo = o.throughSeq === undefined ? Prisma.empty : Prisma.sql`AND audit_events.seq <= ${o.throughSeq.toString()}::bigint`;
  const read = (afterSeq: string) =>
    db.$queryRaw<RawEvent[]>`
      SELECT seq::text AS seq, id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
             actor_type, actor_id, actor_name, action, request_id::text AS request_id, data::text AS data, ip,
             user_agent, prev_hash, hash
        FROM audit_events
       WHERE audit_events.seq > ${afterSeq}::bigint ${upTo}
       ORDER BY audit_events.seq
       LIMIT ${batchSize}`;
  let expectedSeq = o.afterSeq + 1n;
  let prevHash: string | null = o.expectedPrevHash ?? null;
  let checked = 0;
  let firstSeq: string | null = null;
  let firstPrevHash: string | null = null;
  let pending = read(o.afterSeq.toString());
  for (;;) {
    const batch = await pending;
    const last = batch[batch.length - 1];
    if (batch.length === batchSize && last) {
      pending = read(last.seq);
      // A broken link ends verification with this read still in flight; its failure must not go unhandled.
      pending.catch(() => {});
    }
    for (const e of batch) {
      if (firstSeq === null) {
        firstSeq = e.seq;
        firstPrevHash = e.prev_hash;
        prevHash ??= e.prev_hash;
      }
      const head: string = prevHash ?? e.prev_hash;
      const broken = (reason: BrokenReason): RangeResult => ({ ok: false, checked, head, firstBroken: { seq: e.seq, reason }, firstSeq, firstPrevHash });
      if (e.seq !== expectedSeq.toString()) return broken("seq_gap");
      if (e.prev_hash !== head) return broken("prev_hash_mismatch");
      if (rawEventHash(head, e) !== e.hash && chainHash(head, parsedEvent(e)) !== e.hash) return broken("hash_mismatch");
      prevHash = e.hash;
      expectedSeq++;
      checked++;
    }
    if (batch.length < batchSize) return { ok: true, checked, head: prevHash ?? o.expectedPrevHash ?? GENESIS_HASH, firstSeq, firstPrevHash };
  }
}

interface RawEvent {
  seq: string;
  id: string;
  /** ISO-8601 UTC with milliseconds, formatted by PostgreSQL. */
  at: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  request_id: string | null;
  /** JSON text of the jsonb column. */
  data: string;
  ip: string | null;
  user_agent: string | null;
  prev_hash: string;
  hash: string;
}

function rawEventHash(prevHash: string, e: RawEvent): string {
  const canonical =
    `{"action":${JSON.stringify(e.action)},"actor":{"id":${nullableString(e.actor_id)},"name":${nullableString(e.actor_name)},` +
    `"type":${JSON.stringify(e.actor_type)}},"at":"${e.at}","data":${canonicalValue(JSON.parse(e.data))},"id":${JSON.stringify(e.id)},` +
    `"ip":${nullableString(e.ip)},"requestId":${nullableString(e.request_id)},"seq":"${e.seq}","userAgent":${nullableString(e.user_agent)}}`;
  return sha256Once("sha256", `${prevHash}\n${canonical}`, "hex");
}

/** The row as lib/audit/append.ts hashed it, for chain.ts's own (slow, generic) encoder. */
function parsedEvent(e: RawEvent): ChainedEvent {
  return {
    seq: BigInt(e.seq),
    id: e.id,
    at: new Date(e.at),
    actorType: e.actor_type,
    actorId: e.actor_id,
    actorName: e.actor_name,
    action: e.action,
    requestId: e.request_id,
    data: JSON.parse(e.data) as unknown,
    ip: e.ip,
    userAgent: e.user_agent,
  };
}

// ---- fast encoding ------------------------------------------------------------------------------------------

/**
 * chain.ts's `chainHash`, byte for byte (tests/integration/audit/fast-chain-hash.test.ts checks it on random
 * events), for events as they come from the database. Anything unusual — an undefined field, `at` that is not a
 * Date, `seq` that is not a bigint — takes chain.ts's generic path.
 */
export function fastChainHash(prevHash: string, e: ChainedEvent): string {
  return sha256Once("sha256", `${prevHash}\n${fastCanonicalEvent(e)}`, "hex");
}

export function fastCanonicalEvent(e: ChainedEvent): string {
  if (!(e.at instanceof Date) || typeof e.seq !== "bigint" || typeof e.actorType !== "string" || typeof e.action !== "string" || typeof e.id !== "string") {
    return canonicalEvent(e);
  }
  if (e.actorId === undefined || e.actorName === undefined || e.requestId === undefined || e.ip === undefined || e.userAgent === undefined) {
    return canonicalEvent(e);
  }
  return canonicalEventWithData(e, canonicalValue(e.data ?? {}));
}

/**
 * The canonical event around an already canonical `data` JSON. The keys below are in the sorted order
 * chain.ts's `canonicalEvent` produces: action, actor{id,name,type}, at, data, id, ip, requestId, seq, userAgent.
 */
export function canonicalEventWithData(e: Omit<ChainedEvent, "data">, dataJson: string): string {
  return (
    `{"action":${JSON.stringify(e.action)},"actor":{"id":${nullableString(e.actorId)},"name":${nullableString(e.actorName)},` +
    `"type":${JSON.stringify(e.actorType)}},"at":"${e.at.toISOString()}","data":${dataJson},"id":${JSON.stringify(e.id)},` +
    `"ip":${nullableString(e.ip)},"requestId":${nullableString(e.requestId)},"seq":"${e.seq.toString()}","userAgent":${nullableString(e.userAgent)}}`
  );
}

function nullableString(value: string | null): string {
  return value === null ? "null" : JSON.stringify(value);
}

/** chain.ts's `canonicalJson` for JSON values (what a jsonb column holds), with Dates and bigints as there. */
export function canonicalValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("audit data cannot contain non-finite numbers");
      return JSON.stringify(value);
    case "bigint":
      return `"${value.toString()}"`;
    case "object": {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canonicalValue(value[i]);
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, as chain.ts's comparator does; keys are unique, so no ties.
      const keys = Object.keys(record).sort();
      let out = "{";
      let isFirst = true;
      for (const key of keys) {
        const v = record[key];
        if (v === undefined) continue;
        out += `${isFirst ? "" : ","}${JSON.stringify(key)}:${canonicalValue(v)}`;
        isFirst = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`cannot encode ${typeof value} in an audit event`);
  }
}
