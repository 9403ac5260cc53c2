/**
 * Appends one event to the hash-chained audit log inside the caller's transaction, so the event commits or
 * rolls back together with the state change it describes.
 *
 * Writers are serialised with a transaction-scoped advisory lock: two concurrent transactions would otherwise
 * both read the same last (seq, hash) and fork the chain (one would then fail on the primary key). The lock is
 * released at commit/rollback. Works the same on PGlite and PostgreSQL.
 *
 * Call it after the transaction's row writes: the lock is then held only briefly, and a transaction never
 * waits for a row lock while holding it.
 *
 * `data` is stored as the exact canonical JSON that was hashed (a json column keeps text as given), so the
 * insert is raw SQL: Prisma would serialise the object again in its own key order.
 */
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { canonicalValue, GENESIS_HASH, hashWithData, type ChainedEvent } from "./chain";
import { parseAuditData, type AuditEventInput } from "./events";

/** Arbitrary constant; only this module takes it ("audt" in ASCII). */
export const AUDIT_CHAIN_LOCK_KEY = 0x61756474n;

export interface AppendedAuditEvent extends ChainedEvent {
  prevHash: string;
  hash: string;
}

export async function appendAudit(tx: Tx, event: AuditEventInput, at: Date = new Date()): Promise<AppendedAuditEvent> {
  // Validate before taking the lock: a malformed event is a programming error and must not reach the chain.
  const data = parseAuditData(event.action, event.data);
  const dataJson = canonicalValue(data);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const row: ChainedEvent = {
    seq: (last?.seq ?? 0n) + 1n,
    id: randomUUID(),
    // The column keeps milliseconds; hash exactly what will be stored.
    at: new Date(at.getTime()),
    actorType: event.actor.type,
    actorId: event.actor.id ?? null,
    actorName: event.actor.name ?? null,
    action: event.action,
    requestId: event.requestId ?? null,
    data,
    ip: event.ip ?? null,
    userAgent: event.userAgent ? event.userAgent.slice(0, 512) : null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = hashWithData(prevHash, row, dataJson);
  await tx.$executeRaw`
    INSERT INTO audit_events (seq, id, at, actor_id, actor_type, actor_name, action, request_id, data, ip, user_agent, prev_hash, hash)
    VALUES (${row.seq.toString()}::bigint, ${row.id}::uuid, ${row.at}::timestamptz, ${row.actorId}, ${row.actorType}, ${row.actorName},
            ${row.action}, ${row.requestId}::uuid, ${dataJson}::json, ${row.ip}, ${row.userAgent}, ${prevHash}, ${hash})`;
  return { ...row, prevHash, hash };
}
