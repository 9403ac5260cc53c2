/**
 * An auditor verifies the audit chain on demand: the whole log is checked (lib/audit/verify.ts), and the check
 * itself is recorded as `audit.verified`, so the log shows who verified it, when, and what they saw.
 */
import { recordAudit } from "@/lib/audit/with-audit";
import { verifyAuditLog, type BrokenReason } from "@/lib/audit/verify";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

export interface VerificationReport {
  ok: boolean;
  checked: number;
  seconds: number;
  eventsPerSecond: number;
  head: string;
  firstBroken?: { seq: string; reason: BrokenReason };
  at: string;
}

export interface PastVerification {
  at: Date;
  by: string | null;
  ok: boolean;
  checked: number;
}

const BATCH = 5000;

export async function runAuditVerification(
  deps: { db: Db; now(): Date },
  args: { auditor: { id: string; displayName: string }; meta?: { ip?: string | null; userAgent?: string | null } },
): Promise<VerificationReport> {
  const started = performance.now();
  const result = await verifyAuditLog(deps.db, BATCH);
  const seconds = (performance.now() - started) / 1000;
  const at = deps.now();
  await recordAudit(deps.db, at, {
    action: "audit.verified",
    actor: { type: "user", id: args.auditor.id, name: args.auditor.displayName },
    data: { ok: result.ok, checked: result.checked },
    ip: args.meta?.ip,
    userAgent: args.meta?.userAgent,
  });
  return {
    ok: result.ok,
    checked: result.checked,
    seconds,
    eventsPerSecond: seconds > 0 ? Math.round(result.checked / seconds) : result.checked,
    head: result.head,
    ...(result.firstBroken ? { firstBroken: result.firstBroken } : {}),
    at: at.toISOString(),
  };
}

export const lastVerificationQuery = Prisma.sql`
  SELECT at, actor_id, actor_name, data FROM audit_events WHERE action = 'audit.verified' ORDER BY seq DESC LIMIT 1`;

/**
 * The most recent recorded verification, if any. Served by the partial index audit_events_verified_seq_idx
 * (migration 0007), whose condition PostgreSQL matches only against a literal: the action is written into the
 * statement, not bound as a parameter (a generic plan for `action = $1` could not use the index and would walk
 * the whole log backwards instead).
 */
export async function lastVerification(db: Db): Promise<PastVerification | null> {
  const [e] = await db.$queryRaw<{ at: Date; actor_id: string | null; actor_name: string | null; data: unknown }[]>(lastVerificationQuery);
  if (!e) return null;
  const data = (e.data ?? {}) as { ok?: unknown; checked?: unknown };
  return { at: e.at, by: e.actor_name ?? e.actor_id, ok: data.ok === true, checked: typeof data.checked === "number" ? data.checked : 0 };
}
