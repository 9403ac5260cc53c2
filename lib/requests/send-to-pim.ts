/**
 * The PIM half of submitting: selfActivate with the requester's token, then record what PIM said.
 */
import { withAudit } from "@/lib/audit/with-audit";
import { mapPimError, selfActivate, type PimPolicy } from "@/lib/entra/pim";
import { AppError, isAppError } from "@/lib/errors";
import type { Target } from "@/lib/targets";
import type { Deps, RequestMeta, SessionUser } from "./deps";
import { pimFailureToAppError } from "./graph-failure";
import { recordPimRequest } from "./record-pim-request";
import { loadRequest, toRequestView, transitionRequest } from "./records";
import { openStates } from "./state-machine";
import type { SubmitInput } from "./submit-input";
import type { SubmitResult } from "./submit-request";

export async function sendToPim(
  deps: Deps,
  a: { user: SessionUser; requestId: string; input: SubmitInput; target: Target; policy: PimPolicy; meta?: RequestMeta },
): Promise<SubmitResult> {
  const view = async () => {
    const r = await loadRequest(deps.db, a.requestId);
    if (!r) throw new AppError("not_found", "The request disappeared.");
    return r;
  };
  try {
    const pim = await selfActivate(deps.graph.user(a.user), {
      principalId: a.user.id,
      groupId: a.target.pimGroupId,
      durationMinutes: a.input.durationMinutes,
      justification: a.input.justification,
      ticketNumber: a.input.ticketNumber,
      ticketSystem: a.input.ticketNumber ? a.input.ticketSystem : null,
      start: deps.now(),
    });
    const actor = { type: "user" as const, id: a.user.id, name: a.user.displayName };
    const to = await recordPimRequest(deps, await view(), pim, { adopted: false, actor });
    return { outcome: to === "pending_approval" || to === "approved" ? to : "failed", request: toRequestView(await view()) };
  } catch (e) {
    if (isAppError(e) && e.code !== "reauth_required") throw e;
    const m = isAppError(e) ? undefined : mapPimError(e, { maxDurationMinutes: a.policy.maxDurationMinutes ?? undefined });
    // A throttled or 5xx POST may still have created the PIM request (the SDK even re-sends POSTs): leave the
    // request `submitted`; the worker's sync re-queries PIM and adopts the PIM request or fails ours.
    if (m && (m.kind === "throttled" || (m.kind === "unknown" && m.status >= 500))) {
      return { outcome: "submitted", request: toRequestView(await view()) };
    }
    const failure = m ?? { kind: "reauth_required", code: "reauth_required", userMessage: (e as AppError).userMessage };
    const request = await view();
    const now = deps.now();
    await withAudit(deps.db, now, async (tx, audit) => {
      const { from, to } = await transitionRequest(tx, request, "failed", now, { failureCode: failure.kind, failureMessage: failure.userMessage, endedAt: now });
      audit({
        action: "request.failed",
        actor: { type: "user", id: a.user.id, name: a.user.displayName },
        requestId: request.id,
        data: { from, to, code: failure.code, kind: failure.kind, reason: failure.userMessage },
        ip: a.meta?.ip,
        userAgent: a.meta?.userAgent,
      });
    });
    if (!m) throw e;
    if (m.kind === "already_active" || m.kind === "pending_exists") {
      // PIM already has one (made in the portal, or by an earlier submit): show ours if we know it.
      const known = await deps.db.accessRequest.findFirst({
        where: { requesterId: a.user.id, targetId: a.target.id, status: { in: [...openStates] }, id: { not: request.id } },
        orderBy: { submittedAt: "desc" },
      });
      const existing = known && (await loadRequest(deps.db, known.id));
      if (existing) return { outcome: "existing", request: toRequestView(existing) };
      throw pimFailureToAppError(m, e);
    }
    return { outcome: "failed", request: toRequestView(await view()), claims: m.claims };
  }
}
