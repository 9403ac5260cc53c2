/**
 * Verifies the audit hash chain by streaming it in seq order, batch by batch (the log can be large).
 * Detects edits (hash mismatch), deletions (a gap in seq, or a prev_hash that no longer matches) and
 * reordering (prev_hash / hash mismatch). What it cannot detect on its own is the removal of the newest events:
 * compare `head` with a copy kept elsewhere (an export, a log line) for that.
 */
import type { Db } from "@/lib/db/client";
import { chainHash, GENESIS_HASH, type ChainedEvent } from "./chain";

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
  for (;;) {
    const batch = await readBatch(expectedSeq - 1n, batchSize);
    for (const e of batch) {
      const broken = (reason: BrokenReason): VerifyResult => ({ ok: false, checked, head: prevHash, firstBroken: { seq: e.seq.toString(), reason } });
      if (e.seq !== expectedSeq) return broken("seq_gap");
      if (e.prevHash !== prevHash) return broken("prev_hash_mismatch");
      if (chainHash(prevHash, e) !== e.hash) return broken("hash_mismatch");
      prevHash = e.hash;
      expectedSeq++;
      checked++;
    }
    if (batch.length < batchSize) return { ok: true, checked, head: prevHash };
  }
}

/** Verifies the stored audit log. */
export function verifyAuditLog(db: Db, batchSize = 500): Promise<VerifyResult> {
  return verifyChain(
    (afterSeq, limit) =>
      db.auditEvent.findMany({
        where: { seq: { gt: afterSeq } },
        orderBy: { seq: "asc" },
        take: limit,
        select: {
          seq: true,
          id: true,
          at: true,
          actorType: true,
          actorId: true,
          actorName: true,
          action: true,
          requestId: true,
          data: true,
          ip: true,
          userAgent: true,
          prevHash: true,
          hash: true,
        },
      }),
    batchSize,
  );
}
