/**
 * A deciding vote is claimed (one transaction), sent to PIM, then recorded (another transaction). A process that
 * dies in between leaves one of two traces, which the worker's sync repairs:
 *  - the claim without the PIM call (died before PATCH): PIM still waits, and the claim would block every other
 *    approver until PIM's 24 h window closes → after CLAIM_LEASE_MS the claim is released and audited;
 *  - the PIM call without its record (died after PIM's 204): PIM has decided, our vote, its emails and its
 *    `approval.decided` event are missing → recorded from the claim, marked `recovered`.
 * Both sides take the request's row lock first, so a late `finalizeDecision` and the sync never both record.
 */
import { systemActor } from "@/lib/audit/events";
import { withAudit, type Audit } from "@/lib/audit/with-audit";
import type { Db, Tx } from "@/lib/db/client";
import { approvedEmail, deniedEmail } from "@/lib/notify/templates";
import type { Deps } from "./deps";
import { mailOtherApprovers, mailRequester } from "./notifications";
import { toMailInfo, type RequestRecord } from "./records";

/** Longer than the Graph SDK's worst in-call retrying (3 × Retry-After, capped at 180 s each). */
export const CLAIM_LEASE_MS = 10 * 60_000;
/** How long the sync leaves a fresh vote's own transaction to land before recording it itself. */
export const FINALIZE_GRACE_MS = 60_000;

export async function lockRequestRow(tx: Tx, requestId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM access_requests WHERE id = ${requestId}::uuid FOR UPDATE`;
}

/** Whether this approver's vote on this request is in the audit log already. */
export async function isDecisionRecorded(client: Db | Tx, requestId: string, approverId: string): Promise<boolean> {
  const events = await client.auditEvent.findMany({ where: { requestId, action: "approval.decided" }, select: { data: true } });
  return events.some((e) => (e.data as { approverId?: unknown } | null)?.approverId === approverId);
}

/** A claim PIM never received (PIM still waits) is released once its lease is over, so others may decide again. */
export async function releaseStaleClaim(deps: Deps, request: RequestRecord, now: Date): Promise<void> {
  const final = request.decisions.find((d) => d.isFinal);
  if (!final || now.getTime() - final.createdAt.getTime() < CLAIM_LEASE_MS) return;
  await withAudit(deps.db, now, async (tx, audit) => {
    await lockRequestRow(tx, request.id);
    const { count } = await tx.decision.deleteMany({ where: { id: final.id, isFinal: true } });
    if (count === 0) return;
    await tx.accessRequest.updateMany({ where: { id: request.id }, data: { version: { increment: 1 }, updatedAt: now } });
    const data = { approverId: final.approverId, decision: final.kind, code: "interrupted", kind: "not_sent" };
    audit({ action: "approval.pim_rejected", actor: systemActor, requestId: request.id, data });
  });
}

export interface SettledClaim {
  /** Who decided, as `request.approved` / `request.denied` report it. */
  source: "app" | "pim";
  /** The decider's name and reason, when the vote was ours. */
  vote?: { byName: string; reason: string };
  /** The outcome emails are queued already (by the vote's own transaction, or just now). */
  isMailed: boolean;
}

/**
 * Inside the sync's transaction, with the request row locked: what became of our final claim now that PIM has
 * decided (`approved` / `denied`) or closed the request (`other`). A matching vote whose own transaction never
 * landed is recorded here, with its emails; a claim PIM did not apply is released.
 */
export async function settleFinalClaim(
  tx: Tx,
  audit: Audit,
  a: { request: RequestRecord; pimOutcome: "approved" | "denied" | "other"; now: Date; appUrl: string },
): Promise<SettledClaim> {
  const { request, now } = a;
  const final = request.decisions.find((d) => d.isFinal);
  if (!final) return { source: "pim", isMailed: false };
  const isApplied = (a.pimOutcome === "approved" && final.kind === "approve") || (a.pimOutcome === "denied" && final.kind === "deny");
  if (!isApplied) {
    await tx.decision.deleteMany({ where: { id: final.id } });
    const data = { approverId: final.approverId, decision: final.kind, code: `pim_${a.pimOutcome}`, kind: "not_applied" };
    audit({ action: "approval.pim_rejected", actor: systemActor, requestId: request.id, data });
    return { source: "pim", isMailed: false };
  }
  const vote = { byName: final.approver.displayName, reason: final.reason };
  if (await isDecisionRecorded(tx, request.id, final.approverId)) return { source: "app", vote, isMailed: true };

  const actor = { type: "user" as const, id: final.approverId, name: final.approver.displayName };
  const data = { approverId: final.approverId, decision: final.kind, reason: final.reason, pimStageId: "unknown", recovered: true as const };
  audit({ action: "approval.decided", actor, requestId: request.id, data });
  await tx.approvalLink.updateMany({ where: { requestId: request.id, approverId: final.approverId, usedAt: null }, data: { usedAt: now } });
  const info = toMailInfo(request);
  const outcome = final.kind === "approve" ? "approved" : "denied";
  const mail = final.kind === "approve" ? approvedEmail(info, { byName: vote.byName, appUrl: a.appUrl }) : deniedEmail(info, vote);
  await mailRequester(tx, now, request, outcome, mail);
  await mailOtherApprovers(tx, now, request, { outcome, byName: vote.byName, exceptApproverId: final.approverId });
  return { source: "app", vote, isMailed: true };
}
