/**
 * Verifies the audit hash chain by streaming it in seq order, batch by batch (the log can be large).
 * Detects edits (hash mismatch), deletions (a gap in seq, or a prev_hash that no longer matches) and
 * reordering (prev_hash / hash mismatch). What it cannot detect on its own is the removal of the newest events:
 * compare `head` with a copy kept elsewhere (an export, a log line) for that.
 *
 * Speed (bench/history.ts, ≥ 100k events/s): the next batch is read while the current one is hashed; the stored
 * `data` text is hashed as it is (it is the canonical JSON that was hashed when the event was appended), and the
 * rest of the event goes through chain.ts's fast encoder. A mismatch is always re-checked on the fully parsed
 * event with chain.ts's reference `chainHash` before it is reported, so the fast path can only speed
 * verification up, never change its verdict on a bad event. (Rows written before migration 0006 hold jsonb's
 * rendering of their data; the re-check re-encodes it, so they verify too, just more slowly.)
 */
import { poolOf, type Db } from "@/lib/db/client";
import { isoFromUtcText, textValues } from "@/lib/db/timestamp-text";
import { Prisma } from "@/lib/generated/prisma/client";
import { canonicalValue, chainHash, fastChainHash, GENESIS_HASH, hashWithData, type ChainedEvent } from "./chain";

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
 * Verifies the stored audit log. Rows are read straight from the pg pool as text in the form the canonical
 * encoding needs (seq and ids as text, `at` as UTC text, `data` as its stored JSON text), several times cheaper
 * than letting Prisma build model objects; the verdict is the same as `verifyChain`'s
 * over the same rows, because any mismatch is re-checked with chain.ts on a fully parsed event before it is
 * reported.
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
  const pool = poolOf(db);
  const upTo = o.throughSeq === undefined ? Prisma.empty : Prisma.sql`AND audit_events.seq <= ${o.throughSeq.toString()}::bigint`;
  // Straight from the pool as text (what the hash needs), in one connection per batch.
  const read = async (afterSeq: string): Promise<RawEvent[]> => {
    const q = Prisma.sql`
      SELECT seq, id, at AT TIME ZONE 'UTC', actor_type, actor_id, actor_name, action, request_id, data, ip, user_agent, prev_hash, hash
        FROM audit_events
       WHERE audit_events.seq > ${afterSeq}::bigint ${upTo}
       ORDER BY audit_events.seq
       LIMIT ${batchSize}`;
    const client = await pool.connect();
    try {
      return (await client.query<RawEvent>({ text: q.text, values: q.values, rowMode: "array", types: textValues })).rows;
    } finally {
      client.release();
    }
  };
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
      pending = read(last[SEQ]);
      // A broken link ends verification with this read still in flight; its failure must not go unhandled.
      pending.catch(() => {});
    }
    for (const e of batch) {
      const seq = e[SEQ];
      if (firstSeq === null) {
        firstSeq = seq;
        firstPrevHash = e[PREV_HASH];
        prevHash ??= e[PREV_HASH];
      }
      const head: string = prevHash ?? e[PREV_HASH];
      const broken = (reason: BrokenReason): RangeResult => ({ ok: false, checked, head, firstBroken: { seq, reason }, firstSeq, firstPrevHash });
      if (seq !== expectedSeq.toString()) return broken("seq_gap");
      if (e[PREV_HASH] !== head) return broken("prev_hash_mismatch");
      if (rawEventHash(head, e) !== e[HASH] && chainHash(head, parsedEvent(e)) !== e[HASH]) return broken("hash_mismatch");
      prevHash = e[HASH];
      expectedSeq++;
      checked++;
    }
    if (batch.length < batchSize) return { ok: true, checked, head: prevHash ?? o.expectedPrevHash ?? GENESIS_HASH, firstSeq, firstPrevHash };
  }
}

/** One stored event as text, in the SELECT's column order. */
type RawEvent = [
  seq: string,
  id: string,
  /** `at AT TIME ZONE 'UTC'` as text (lib/db/timestamp-text.ts). */
  atUtc: string,
  actorType: string,
  actorId: string | null,
  actorName: string | null,
  action: string,
  requestId: string | null,
  /** The stored JSON text (canonical since migration 0006). */
  data: string,
  ip: string | null,
  userAgent: string | null,
  prevHash: string,
  hash: string,
];
const SEQ = 0;
const PREV_HASH = 11;
const HASH = 12;

/** The event's hash over its stored data text; if that differs, over the data re-encoded canonically. */
function rawEventHash(prevHash: string, e: RawEvent): string {
  const fields = {
    seq: e[0],
    id: e[1],
    at: isoFromUtcText(e[2]),
    actorType: e[3],
    actorId: e[4],
    actorName: e[5],
    action: e[6],
    requestId: e[7],
    ip: e[9],
    userAgent: e[10],
  };
  const stored = hashWithData(prevHash, fields, e[8]);
  return stored === e[HASH] ? stored : hashWithData(prevHash, fields, canonicalValue(JSON.parse(e[8])));
}

/** The row as lib/audit/append.ts hashed it, for chain.ts's own (slow, generic) encoder. */
function parsedEvent(e: RawEvent): ChainedEvent {
  return {
    seq: BigInt(e[0]),
    id: e[1],
    at: new Date(isoFromUtcText(e[2])),
    actorType: e[3],
    actorId: e[4],
    actorName: e[5],
    action: e[6],
    requestId: e[7],
    data: JSON.parse(e[8]) as unknown,
    ip: e[9],
    userAgent: e[10],
  };
}
