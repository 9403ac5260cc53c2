/**
 * GET /approve/{token}: shows the request behind an emailed link to the approver it was sent to. Never changes
 * anything — mail scanners prefetch links — and every refusal is a typed reason the page explains (and audits).
 */
import { recordAudit } from "@/lib/audit/with-audit";
import type { Deps, RequestMeta, SessionUser } from "./deps";
import { hashLinkToken, isWellFormedLinkToken } from "./approval-link";
import { alreadyDecidedMessage, checkApproverLive } from "./approver-check";
import { canDecide, decideRefusalMessages, type DecideCheck } from "./authorization";
import { loadRequest, toRequestView, type RequestView } from "./records";

export type LinkRefusal = "unknown" | "expired" | "used" | "other_approver" | "not_pending";

export type ApprovalByLink =
  | { ok: true; request: RequestView; linkExpiresAt: Date; check: DecideCheck; checkMessage: string | null }
  | { ok: false; reason: LinkRefusal; message: string };

const messages: Record<Exclude<LinkRefusal, "used" | "not_pending">, string> = {
  unknown: "This approval link is not valid. Use the link in the newest email, or open your approvals inbox.",
  other_approver: "This approval link was sent to someone else. Sign in as the person it was sent to, or open your own approvals inbox.",
  expired: "This approval link has expired: PIM's 24-hour approval window for the request is over.",
};

export async function getApprovalByLink(deps: Deps, args: { user: SessionUser; token: string; meta?: RequestMeta }): Promise<ApprovalByLink> {
  const { user, token, meta } = args;
  const now = deps.now();
  const link = isWellFormedLinkToken(token) ? await deps.db.approvalLink.findUnique({ where: { tokenHash: hashLinkToken(token) } }) : null;
  const request = link ? await loadRequest(deps.db, link.requestId) : null;

  const refuse = async (reason: LinkRefusal, message: string): Promise<ApprovalByLink> => {
    await recordAudit(deps.db, now, {
      action: "approval.link_refused",
      actor: { type: "user", id: user.id, name: user.displayName },
      requestId: request?.id ?? null,
      data: { reason, approverId: link?.approverId ?? null },
      ip: meta?.ip,
      userAgent: meta?.userAgent,
    });
    return { ok: false, reason, message };
  };

  if (!link || !request) return refuse("unknown", messages.unknown);
  if (link.approverId !== user.id) return refuse("other_approver", messages.other_approver);
  if (request.status !== "pending_approval") return refuse("not_pending", alreadyDecidedMessage(request));
  if (link.usedAt) return refuse("used", "You have already decided on this request.");
  if (link.expiresAt <= now) return refuse("expired", messages.expired);

  // Read-only live check, so the page can say up front why the buttons would be refused.
  const live = await checkApproverLive(deps, user.id, request.target);
  const check = canDecide({
    approver: user,
    request,
    ...live,
    alreadyDecided: request.decisions.some((d) => d.approverId === user.id),
  });
  const checkMessage = check.allowed ? null : decideRefusalMessages[check.reason];
  return { ok: true, request: toRequestView(request), linkExpiresAt: link.expiresAt, check, checkMessage };
}
