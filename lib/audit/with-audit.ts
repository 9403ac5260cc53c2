/**
 * One transaction that writes rows, enqueues outbox jobs and appends audit events — all or nothing.
 *
 * Audit events are collected while `fn` runs and appended at the end: the chain lock (append.ts) is then taken
 * after every row lock the transaction needs, so two transactions can never wait on each other in a cycle.
 */
import type { Db, Tx } from "@/lib/db/client";
import { appendAudit } from "./append";
import type { AuditEventInput } from "./events";

export type Audit = (event: AuditEventInput) => void;

export function withAudit<T>(db: Db, at: Date, fn: (tx: Tx, audit: Audit) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      const events: AuditEventInput[] = [];
      const result = await fn(tx, (e) => events.push(e));
      for (const e of events) await appendAudit(tx, e, at);
      return result;
    },
    // PGlite runs one transaction at a time; concurrent callers queue for the connection.
    { maxWait: 15_000, timeout: 20_000 },
  );
}

/** A transaction that only records events (a refusal, a mail sent): nothing else changes. */
export function recordAudit(db: Db, at: Date, ...events: AuditEventInput[]): Promise<void> {
  return withAudit(db, at, (_tx, audit) => {
    events.forEach(audit);
    return Promise.resolve();
  });
}
