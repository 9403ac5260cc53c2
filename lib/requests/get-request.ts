/**
 * One request, for someone allowed to see it. Everyone else gets not_found — the same answer as for an id that
 * does not exist, so request ids cannot be probed (no IDOR oracle).
 */
import { AppError } from "@/lib/errors";
import type { Deps, SessionUser } from "./deps";
import { canViewRequest } from "./authorization";
import { loadRequest, toRequestView, type RequestView } from "./records";

export async function getRequest(deps: Deps, args: { user: SessionUser; requestId: string; isAuditor: boolean }): Promise<RequestView> {
  const request = await loadRequest(deps.db, args.requestId);
  if (!request) throw new AppError("not_found", "No such request.");
  const isRoutedApprover =
    request.requesterId !== args.user.id &&
    !args.isAuditor &&
    (await deps.db.approvalLink.count({ where: { requestId: request.id, approverId: args.user.id } })) > 0;
  if (!canViewRequest(args.user, request, { isAuditor: args.isAuditor, isRoutedApprover })) throw new AppError("not_found", "No such request.");
  return toRequestView(request);
}
