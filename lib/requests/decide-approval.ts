/**
 * POST decision by an approver (from an emailed link or the inbox). Everything is checked again, live: group
 * membership, not the requester, not elevated, still pending, not decided before. The first N−1 approvals are
 * recorded by the app; the N-th approval — or any deny — is sent to PIM with the approver's own token.
 * Concurrent deciders: the claim is a conditional update on status + version, so exactly one sends to PIM.
 */
import { z } from "zod";
import { recordAudit } from "@/lib/audit/with-audit";
import { AppError } from "@/lib/errors";
import type { Deps, RequestMeta, SessionUser } from "./deps";
import { hashLinkToken, isWellFormedLinkToken } from "./approval-link";
import { alreadyDecidedMessage, checkApproverLive } from "./approver-check";
import { canDecide, decideRefusalMessages } from "./authorization";
import { claimDecision, StaleRequestError } from "./claim-decision";
import { finalizeDecision } from "./finalize-decision";
import { toAppError } from "./graph-failure";
import { loadRequest, toRequestView, type RequestView } from "./records";
import { plainText } from "./submit-input";

const decideInputSchema = z
  .object({
    requestId: z.string().optional(),
    linkToken: z.string().optional(),
    decision: z.enum(["approve", "deny"], { message: "Choose approve or deny." }),
    reason: z.string().trim().max(500, "Keep the reason under 500 characters.").pipe(plainText("Remove control characters (such as NUL) from the reason.")).optional(),
  })
  .refine((v) => v.requestId || v.linkToken, { message: "Which request?", path: ["requestId"] })
  // The reason is required both ways: it goes to PIM as the stage justification and into the audit log.
  .refine((v) => (v.reason ?? "").length >= 3, {
    message: "Give a reason (at least 3 characters): it is recorded in PIM and the audit log.",
    path: ["reason"],
  });

export interface DecideResult {
  outcome: "recorded" | "approved" | "denied";
  request: RequestView;
}

export async function decideApproval(deps: Deps, args: { user: SessionUser; input: unknown; meta?: RequestMeta }): Promise<DecideResult> {
  const { user, meta } = args;
  const parsed = decideInputSchema.safeParse(args.input);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message]));
    throw new AppError("bad_request", "Please correct the highlighted fields.", { fields });
  }
  const input = parsed.data;
  const reason = input.reason ?? "";
  let requestId = input.requestId ?? "";
  if (input.linkToken) {
    const link = isWellFormedLinkToken(input.linkToken)
      ? await deps.db.approvalLink.findUnique({ where: { tokenHash: hashLinkToken(input.linkToken) } })
      : null;
    if (!link || link.approverId !== user.id) throw new AppError("not_found", "This approval link is not valid for you.");
    if (link.expiresAt <= deps.now()) throw new AppError("conflict", "This approval link has expired.");
    requestId = link.requestId;
  }

  for (let attempt = 1; ; attempt++) {
    const request = await loadRequest(deps.db, requestId);
    if (!request) throw new AppError("not_found", "No such request.");

    // Authorize, live.
    const live = await checkApproverLive(deps, user.id, request.target).catch((e: unknown) => {
      throw toAppError(e, "checking approver group membership");
    });
    const check = canDecide({ approver: user, request, ...live, alreadyDecided: request.decisions.some((d) => d.approverId === user.id) });
    if (!check.allowed) {
      await recordAudit(deps.db, deps.now(), {
        action: "approval.refused",
        actor: { type: "user", id: user.id, name: user.displayName },
        requestId: request.id,
        data: { reason: check.reason, decision: input.decision },
        ip: meta?.ip,
        userAgent: meta?.userAgent,
      });
      if (check.reason === "not_pending") throw new AppError("conflict", alreadyDecidedMessage(request));
      if (check.reason === "already_decided") throw new AppError("conflict", decideRefusalMessages.already_decided);
      throw new AppError("forbidden", decideRefusalMessages[check.reason]);
    }

    // Claim (one transaction), then — for the deciding vote only — PIM.
    try {
      const claim = await claimDecision(deps, { request, user, decision: input.decision, reason, meta });
      if (!claim.isFinal) {
        const after = await loadRequest(deps.db, request.id);
        return { outcome: "recorded", request: toRequestView(after ?? request) };
      }
      return await finalizeDecision(deps, { request, version: claim.version, user, decision: input.decision, reason, meta });
    } catch (e) {
      if (!(e instanceof StaleRequestError)) throw e;
      // Someone else changed the request between our read and our claim: look again once, then report.
      const now = await loadRequest(deps.db, request.id);
      if (now && (now.status !== "pending_approval" || now.decisions.some((d) => d.isFinal))) throw new AppError("conflict", alreadyDecidedMessage(now));
      if (attempt >= 2) throw new AppError("conflict", "This request changed while you were deciding. Please try again.");
    }
  }
}
