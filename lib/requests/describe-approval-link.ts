/**
 * Who an emailed approval link belongs to, for the refusal page when someone else opens it ("this link was sent
 * to p01@…; you are signed in as n01@…") and to recognise a requester opening a link to their own request.
 * Only a person holding the token learns this — the address is on the email the token came in.
 */
import type { Deps } from "./deps";
import { hashLinkToken, isWellFormedLinkToken } from "./approval-link";

export interface ApprovalLinkOwner {
  requestId: string;
  approverEmail: string;
  approverName: string;
  requesterId: string;
}

export async function describeApprovalLink(deps: Deps, args: { token: string }): Promise<ApprovalLinkOwner | null> {
  if (!isWellFormedLinkToken(args.token)) return null;
  const link = await deps.db.approvalLink.findUnique({
    where: { tokenHash: hashLinkToken(args.token) },
    select: { requestId: true, approverEmail: true, approver: { select: { displayName: true } }, request: { select: { requesterId: true } } },
  });
  if (!link) return null;
  return { requestId: link.requestId, approverEmail: link.approverEmail, approverName: link.approver.displayName, requesterId: link.request.requesterId };
}
