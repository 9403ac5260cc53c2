/**
 * The requester withdraws a request that is still waiting for approval. PIM's cancel runs first, with the
 * requester's own token: only when PIM has let go of the request do we record it as canceled.
 */
import { withAudit } from "@/lib/audit/with-audit";
import { cancelPimRequest, mapPimError } from "@/lib/entra/pim";
import { AppError, isAppError } from "@/lib/errors";
import { enqueueSync } from "@/lib/jobs/reconcile";
import type { Deps, RequestMeta, SessionUser } from "./deps";
import { toAppError } from "./graph-failure";
import { mailOtherApprovers } from "./notifications";
import { loadRequest, toRequestView, transitionRequest, type RequestView } from "./records";

export async function cancelRequest(deps: Deps, args: { user: SessionUser; requestId: string; meta?: RequestMeta }): Promise<RequestView> {
  const { user, meta } = args;
  const request = await loadRequest(deps.db, args.requestId);
  if (!request || request.requesterId !== user.id) throw new AppError("not_found", "No such request.");
  if (request.status !== "pending_approval") throw new AppError("conflict", "Only a request that is waiting for approval can be canceled.");

  if (request.pimRequestId) {
    try {
      await cancelPimRequest(deps.graph.user(user), request.pimRequestId);
    } catch (e) {
      // 404: PIM no longer has it (the Terraform provider treats this as "already gone" too).
      if (isAppError(e) || mapPimError(e).kind !== "not_found") {
        // PIM may have moved on (approved a moment ago): let the worker catch up, tell the user.
        await withAudit(deps.db, deps.now(), (tx) => enqueueSync(tx, request.id, deps.now()));
        throw toAppError(e, "canceling the PIM request");
      }
    }
  }

  const now = deps.now();
  await withAudit(deps.db, now, async (tx, audit) => {
    const t = await transitionRequest(tx, request, "canceled", now, { endedAt: now });
    await tx.approvalLink.updateMany({ where: { requestId: request.id, usedAt: null }, data: { expiresAt: now } });
    await mailOtherApprovers(tx, now, request, { outcome: "canceled", byName: null, exceptApproverId: null });
    audit({
      action: "request.canceled",
      actor: { type: "user", id: user.id, name: user.displayName },
      requestId: request.id,
      data: { ...t, source: "requester" },
      ip: meta?.ip,
      userAgent: meta?.userAgent,
    });
  });
  return toRequestView((await loadRequest(deps.db, request.id)) ?? request);
}
