/**
 * Sends the deciding vote to PIM with the approver's own delegated token (PIM's approval API is delegated-only),
 * then records the outcome. If PIM refuses, the claim is released so the state stays truthful, and a sync is
 * queued when PIM's own state has moved on (decided in the portal, timed out).
 */
import { withAudit } from "@/lib/audit/with-audit";
import { decideApprovalStage, getApproval, mapPimError, pimStatus } from "@/lib/entra/pim";
import { AppError, isAppError } from "@/lib/errors";
import { enqueueSync } from "@/lib/jobs/reconcile";
import { approvedEmail, deniedEmail } from "@/lib/notify/templates";
import type { Deps, RequestMeta, SessionUser } from "./deps";
import type { DecideResult } from "./decide-approval";
import { toAppError } from "./graph-failure";
import { isDecisionRecorded, lockRequestRow } from "./interrupted-decision";
import { mailOtherApprovers, mailRequester } from "./notifications";
import { loadRequest, toMailInfo, toRequestView, transitionRequest, type RequestRecord } from "./records";

type Decision = "approve" | "deny";

async function sendToPim(deps: Deps, request: RequestRecord, user: SessionUser, decision: Decision, reason: string): Promise<string> {
  const approvalId = request.pimApprovalId ?? request.pimRequestId;
  if (!approvalId) throw new AppError("conflict", "PIM has no approval for this request.");
  const client = deps.graph.user(user);
  const approval = await getApproval(client, approvalId);
  const stage = approval.stages.find((s) => pimStatus(s.status) === "inprogress");
  if (!stage) throw new AppError("conflict", "PIM no longer waits for a decision on this request.");
  if (stage.assignedToMe === false) throw new AppError("forbidden", "PIM does not list you as an approver for this request.");
  await decideApprovalStage(client, approvalId, stage.id, { reviewResult: decision === "approve" ? "Approve" : "Deny", justification: reason });
  return stage.id;
}

export async function finalizeDecision(
  deps: Deps,
  a: { request: RequestRecord; version: number; user: SessionUser; decision: Decision; reason: string; meta?: RequestMeta },
): Promise<DecideResult> {
  const { request, user, decision } = a;
  const actor = { type: "user" as const, id: user.id, name: user.displayName };
  let stageId: string;
  try {
    stageId = await sendToPim(deps, request, user, decision, a.reason);
  } catch (e) {
    const m = isAppError(e) ? undefined : mapPimError(e);
    const now = deps.now();
    await withAudit(deps.db, now, async (tx, audit) => {
      await tx.decision.deleteMany({ where: { requestId: request.id, approverId: user.id, isFinal: true } });
      await tx.accessRequest.updateMany({ where: { id: request.id }, data: { version: { increment: 1 }, updatedAt: now } });
      if (!m || m.kind === "conflict" || m.kind === "not_found") await enqueueSync(tx, request.id, now);
      const code = m?.code ?? (isAppError(e) ? e.code : "error");
      audit({ action: "approval.pim_rejected", actor, requestId: request.id, data: { approverId: user.id, decision, code, kind: m?.kind ?? code } });
    });
    throw toAppError(e, "deciding the PIM approval");
  }

  const now = deps.now();
  await withAudit(deps.db, now, async (tx, audit) => {
    // The worker records a vote PIM has when this transaction is late (interrupted-decision.ts): never both.
    await lockRequestRow(tx, request.id);
    const isRecorded = await isDecisionRecorded(tx, request.id, user.id);
    // The log reads: the vote, then what it did to the request.
    if (!isRecorded) {
      audit({
        action: "approval.decided",
        actor,
        requestId: request.id,
        data: { approverId: user.id, decision, reason: a.reason, pimStageId: stageId },
        ip: a.meta?.ip,
        userAgent: a.meta?.userAgent,
      });
    }
    const current = await tx.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    // The worker may have seen PIM's new status first and moved the request on already; then only record the vote.
    if (current.status === "pending_approval") {
      const t = await transitionRequest(tx, current, decision === "approve" ? "approved" : "denied", now, {
        decidedAt: now,
        ...(decision === "deny" ? { endedAt: now } : {}),
      });
      audit(
        decision === "approve"
          ? { action: "request.approved", actor, requestId: request.id, data: { ...t, source: "app" } }
          : { action: "request.denied", actor, requestId: request.id, data: { ...t, source: "app", reason: a.reason } },
      );
    }
    await tx.approvalLink.updateMany({ where: { requestId: request.id, approverId: user.id, usedAt: null }, data: { usedAt: now } });
    if (decision === "approve") await enqueueSync(tx, request.id, now);
    const info = toMailInfo(request);
    const mail =
      decision === "approve"
        ? approvedEmail(info, { byName: user.displayName, appUrl: deps.appUrl })
        : deniedEmail(info, { byName: user.displayName, reason: a.reason });
    const outcome = decision === "approve" ? "approved" : "denied";
    await mailRequester(tx, now, request, outcome, mail);
    await mailOtherApprovers(tx, now, request, { outcome, byName: user.displayName, exceptApproverId: user.id });
  });
  const after = await loadRequest(deps.db, request.id);
  return { outcome: decision === "approve" ? "approved" : "denied", request: toRequestView(after ?? request) };
}
