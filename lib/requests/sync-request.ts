/**
 * Follows one request with PIM (app-only reads) and records what PIM did: approved or denied (also when decided
 * in the portal), canceled, timed out, activated, expired, or removed outside the app. Called by the
 * `pim.sync-request` job; returns when to look again, or nothing once the request is finished.
 */
import { systemActor } from "@/lib/audit/events";
import { withAudit } from "@/lib/audit/with-audit";
import { findPimRequests, getPimRequest, isGrantedStatus, isPendingApprovalStatus, pimStatus } from "@/lib/entra/pim";
import { log } from "@/lib/log";
import { deniedEmail, approvedEmail, timedOutEmail } from "@/lib/notify/templates";
import type { Deps } from "./deps";
import { mailOtherApprovers, mailRequester } from "./notifications";
import { recordPimRequest } from "./record-pim-request";
import { loadRequest, toMailInfo, transitionRequest, type RequestRecord } from "./records";
import { routeApprovers } from "./route-approvers";
import { FINALIZE_GRACE_MS, isDecisionRecorded, lockRequestRow, releaseStaleClaim, settleFinalClaim } from "./interrupted-decision";
import { isTerminal } from "./state-machine";
import { syncActivation } from "./sync-activation";

export type SyncResult = { nextAt?: Date };

const after = (now: Date, ms: number) => new Date(now.getTime() + ms);
/** How long a `submitted` request may wait for its selfActivate call to come back before we look in PIM. */
const SUBMIT_GRACE_MS = 60_000;
/** After this, a request PIM never received is failed: the requester must submit again. */
const SUBMIT_GIVE_UP_MS = 10 * 60_000;

export async function syncRequest(deps: Deps, requestId: string): Promise<SyncResult> {
  const request = await loadRequest(deps.db, requestId);
  if (!request || isTerminal(request.status)) return {};
  if (request.status === "submitted") return syncSubmitted(deps, request);
  if (request.status === "pending_approval") return syncPending(deps, request);
  return syncActivation(deps, request);
}

/** Our record exists but PIM's answer was lost (crash, throttled or 5xx POST): re-query PIM, never re-submit. */
async function syncSubmitted(deps: Deps, request: RequestRecord): Promise<SyncResult> {
  const now = deps.now();
  const age = now.getTime() - request.submittedAt.getTime();
  if (age < SUBMIT_GRACE_MS) return { nextAt: after(request.submittedAt, SUBMIT_GRACE_MS) };
  const candidates = await findPimRequests(deps.graph.app(), { principalId: request.requesterId, groupId: request.target.pimGroupId });
  const claimed = await deps.db.accessRequest.findMany({ where: { pimRequestId: { in: candidates.map((c) => c.id) } }, select: { pimRequestId: true } });
  const known = new Set(claimed.map((r) => r.pimRequestId));
  // Ours: a selfActivate no other request of ours has claimed, created around the time we recorded ours.
  const mine = candidates.find(
    (c) =>
      (c.action ?? "").toLowerCase() === "selfactivate" &&
      !known.has(c.id) &&
      Date.parse(c.createdDateTime ?? "") >= request.submittedAt.getTime() - 60_000,
  );
  if (mine) {
    await recordPimRequest(deps, request, mine, { adopted: true, actor: systemActor });
    return { nextAt: after(deps.now(), 5_000) };
  }
  if (age < SUBMIT_GIVE_UP_MS) return { nextAt: after(now, 30_000) };
  await withAudit(deps.db, now, async (tx, audit) => {
    const reason = "PIM never received this request. Please submit it again.";
    const t = await transitionRequest(tx, request, "failed", now, { failureCode: "not_submitted", failureMessage: reason, endedAt: now });
    audit({ action: "request.failed", actor: systemActor, requestId: request.id, data: { ...t, code: "not_submitted", kind: "unknown", reason } });
  });
  return {};
}

async function syncPending(deps: Deps, request: RequestRecord): Promise<SyncResult> {
  if (!request.pimRequestId) throw new Error(`request ${request.id} is pending approval without a PIM request id`);
  const pim = await getPimRequest(deps.graph.app(), request.pimRequestId);
  const now = deps.now();
  const status = pimStatus(pim.status);
  const info = toMailInfo(request);

  if (isPendingApprovalStatus(pim.status)) {
    // Only while PIM still waits: nobody is asked to decide what PIM has decided already.
    await routeApprovers(deps, request.id).catch((error: unknown) => log.warn("routing approvers failed", { requestId: request.id, error }));
    await releaseStaleClaim(deps, request, now);
    if (pim.status !== request.pimStatus) {
      await withAudit(deps.db, now, async (tx, audit) => {
        await tx.accessRequest.updateMany({ where: { id: request.id }, data: { pimStatus: pim.status } });
        const data = { pimStatus: pim.status, note: "PIM status changed while pending" };
        audit({ action: "request.reconciled", actor: systemActor, requestId: request.id, data });
      });
    }
    // Poll every minute, and just after PIM's window closes (never sooner than 5 s from now).
    const poll = after(now, 60_000).getTime();
    const afterWindow = Math.max((request.approvalExpiresAt ?? new Date(poll)).getTime() + 10_000, after(now, 5_000).getTime());
    return { nextAt: new Date(Math.min(poll, afterWindow)) };
  }

  const pimOutcome = isGrantedStatus(pim.status) ? "approved" : status === "denied" ? "denied" : "other";
  // PIM has our N-th approver's vote: give that vote's own transaction a moment to land before recording it here.
  const final = request.decisions.find((d) => d.isFinal);
  const isFreshVote = final && pimOutcome !== "other" && now.getTime() - final.createdAt.getTime() < FINALIZE_GRACE_MS;
  if (isFreshVote && !(await isDecisionRecorded(deps.db, request.id, final.approverId))) return { nextAt: after(now, 15_000) };
  await withAudit(deps.db, now, async (tx, audit) => {
    await lockRequestRow(tx, request.id);
    const claim = await settleFinalClaim(tx, audit, { request, pimOutcome, now, appUrl: deps.appUrl });
    const base = { pimStatus: pim.status };
    if (pimOutcome === "approved") {
      // Approved in PIM: by our N-th approver, or in the portal.
      const t = await transitionRequest(tx, request, "pim_provisioned", now, { ...base, decidedAt: now });
      audit({ action: "request.approved", actor: systemActor, requestId: request.id, data: { ...t, source: claim.source } });
      if (!claim.isMailed) {
        await mailRequester(tx, now, request, "approved", approvedEmail(info, { byName: "an approver in PIM", appUrl: deps.appUrl }));
        await mailOtherApprovers(tx, now, request, { outcome: "approved", byName: null, exceptApproverId: null });
      }
    } else if (pimOutcome === "denied") {
      const t = await transitionRequest(tx, request, "denied", now, { ...base, decidedAt: now, endedAt: now });
      audit({ action: "request.denied", actor: systemActor, requestId: request.id, data: { ...t, source: claim.source, reason: claim.vote?.reason ?? null } });
      if (!claim.isMailed) {
        await mailRequester(tx, now, request, "denied", deniedEmail(info, { byName: null, reason: "Denied in PIM." }));
        await mailOtherApprovers(tx, now, request, { outcome: "denied", byName: null, exceptApproverId: null });
      }
    } else if (status === "timedout" || (status === "canceled" && request.approvalExpiresAt && now.getTime() >= request.approvalExpiresAt.getTime() - 60_000)) {
      // PIM closes an undecided request after 24 h; Graph v1.0 reports it as Canceled (ARM-PIM says TimedOut).
      const t = await transitionRequest(tx, request, "timed_out", now, { ...base, endedAt: now });
      audit({ action: "request.timed_out", actor: systemActor, requestId: request.id, data: { ...t, pimStatus: pim.status } });
      await mailRequester(tx, now, request, "timed-out", timedOutEmail(info));
      await mailOtherApprovers(tx, now, request, { outcome: "timed_out", byName: null, exceptApproverId: null });
    } else if (status === "canceled") {
      const t = await transitionRequest(tx, request, "canceled", now, { ...base, endedAt: now });
      audit({ action: "request.canceled", actor: systemActor, requestId: request.id, data: { ...t, source: "pim" } });
      await mailOtherApprovers(tx, now, request, { outcome: "canceled", byName: null, exceptApproverId: null });
    } else {
      const reason = `PIM reports the request as "${pim.status}".`;
      const t = await transitionRequest(tx, request, "failed", now, { ...base, failureCode: `pim_${status}`, failureMessage: reason, endedAt: now });
      audit({ action: "request.failed", actor: systemActor, requestId: request.id, data: { ...t, code: pim.status, kind: "pim_status", reason } });
    }
  });
  // Approved: look for the active instance straight away.
  const next = await loadRequest(deps.db, request.id);
  return next && next.status === "approved" ? syncActivation(deps, next) : {};
}
