/**
 * GET /approvals/{requestId}: the approval page opened from the inbox instead of the emailed link. The link's
 * token exists only in the email, so this path is keyed by (request, signed-in approver) and applies the same
 * checks as the link: the request must have been routed to this approver (their link exists — otherwise
 * not_found, no IDOR oracle), the link must not have expired, and the live checks of `canDecide` decide whether
 * the buttons are shown. Read-only, like the link page. It also serves decided requests, so the approver can
 * look back at what they decided.
 */
import { AppError } from "@/lib/errors";
import type { Deps, SessionUser } from "./deps";
import { alreadyDecidedMessage, checkApproverLive } from "./approver-check";
import { canDecide, decideRefusalMessages, type DecideCheck } from "./authorization";
import { toAppError } from "./graph-failure";
import { loadRequest, toRequestView, type RequestView } from "./records";

export interface InboxApproval {
  request: RequestView;
  linkExpiresAt: Date;
  myDecision: { kind: "approve" | "deny"; reason: string; at: Date } | null;
  /** Whether Approve/Deny may be offered now; when not, `message` says why in words. */
  check: DecideCheck | { allowed: false; reason: "expired" };
  message: string | null;
}

export async function getInboxApproval(deps: Deps, args: { user: SessionUser; requestId: string }): Promise<InboxApproval> {
  const { user } = args;
  const request = await loadRequest(deps.db, args.requestId);
  const link = request ? await deps.db.approvalLink.findUnique({ where: { requestId_approverId: { requestId: request.id, approverId: user.id } } }) : null;
  if (!request || !link) throw new AppError("not_found", "No such request.");

  const mine = request.decisions.find((d) => d.approverId === user.id);
  const base = {
    request: toRequestView(request),
    linkExpiresAt: link.expiresAt,
    myDecision: mine ? { kind: mine.kind, reason: mine.reason, at: mine.createdAt } : null,
  };
  if (mine) return { ...base, check: { allowed: false, reason: "already_decided" }, message: decideRefusalMessages.already_decided };
  if (request.status !== "pending_approval") return { ...base, check: { allowed: false, reason: "not_pending" }, message: alreadyDecidedMessage(request) };
  if (link.expiresAt <= deps.now()) {
    return { ...base, check: { allowed: false, reason: "expired" }, message: "The time to decide on this request is over: PIM's 24-hour approval window has closed." };
  }

  const live = await checkApproverLive(deps, user.id, request.target).catch((e: unknown) => {
    throw toAppError(e, "checking approver group membership");
  });
  const check = canDecide({ approver: user, request, ...live, alreadyDecided: false });
  return { ...base, check, message: check.allowed ? null : decideRefusalMessages[check.reason] };
}
