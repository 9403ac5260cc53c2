/**
 * Records the PIM request behind one of our requests — just created by selfActivate, or found again by the
 * worker after a crash or an ambiguous (throttled/5xx) POST — and routes approvers when PIM waits for them.
 */
import type { AuditActor } from "@/lib/audit/events";
import { withAudit } from "@/lib/audit/with-audit";
import { isGrantedStatus, isPendingApprovalStatus, pimStatus, type PimRequest } from "@/lib/entra/pim";
import { enqueueSync } from "@/lib/jobs/reconcile";
import { log } from "@/lib/log";
import type { Deps } from "./deps";
import { transitionRequest, type RequestRecord } from "./records";
import { routeApprovers } from "./route-approvers";
import type { RequestEvent, RequestState } from "./state-machine";

/** PIM's approval window: 24 hours, not configurable (entra-graph-api.md §4.9). */
export const APPROVAL_WINDOW_MS = 24 * 60 * 60_000;

export async function recordPimRequest(
  deps: Deps,
  request: RequestRecord,
  pim: PimRequest,
  opts: { adopted: boolean; actor: AuditActor },
): Promise<RequestState> {
  const now = deps.now();
  const created = Date.parse(pim.createdDateTime ?? "");
  const ids = { pimRequestId: pim.id, pimApprovalId: pim.approvalId ?? null, pimStatus: pim.status };
  let event: RequestEvent = "failed";
  if (isPendingApprovalStatus(pim.status)) event = "pim_pending";
  else if (isGrantedStatus(pim.status)) event = "pim_provisioned";
  // Found again after it waited for approval and was decided (or closed) in PIM meanwhile: record the wait, and let
  // the sync record the outcome the way it records any decision made in PIM (approved/denied/canceled/timed out).
  const isDecidedMeanwhile = opts.adopted && Boolean(pim.approvalId) && !isPendingApprovalStatus(pim.status);
  if (isDecidedMeanwhile) event = "pim_pending";

  const to = await withAudit(deps.db, now, async (tx, audit) => {
    if (event === "failed") {
      const reason = `PIM answered "${pim.status}" to the activation request.`;
      const failure = { failureCode: `pim_${pimStatus(pim.status)}`, failureMessage: reason, endedAt: now };
      const t = await transitionRequest(tx, request, "failed", now, { ...ids, ...failure });
      audit({ action: "request.failed", actor: opts.actor, requestId: request.id, data: { ...t, code: pim.status, kind: "pim_status", reason } });
      return t.to;
    }
    const t = await transitionRequest(tx, request, event, now, {
      ...ids,
      approvalExpiresAt: new Date((Number.isNaN(created) ? now.getTime() : created) + APPROVAL_WINDOW_MS),
      ...(event === "pim_provisioned" ? { decidedAt: now } : {}),
    });
    await enqueueSync(tx, request.id, now);
    audit({
      action: "request.pim_submitted",
      actor: opts.actor,
      requestId: request.id,
      data: { ...t, pimRequestId: pim.id, pimStatus: pim.status, approvalId: pim.approvalId ?? null, adopted: opts.adopted },
    });
    return t.to;
  });

  if (to === "pending_approval" && !isDecidedMeanwhile) {
    // Routing failures are not fatal: the sync job routes again while nobody has been asked.
    await routeApprovers(deps, request.id).catch((error: unknown) => {
      log.warn("routing approvers failed; the worker will retry", { requestId: request.id, error });
    });
  }
  return to;
}
