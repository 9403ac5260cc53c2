/**
 * Records one approver's decision in one transaction, conditional on the request's status and version.
 *
 * The conditional version bump comes first: it takes the row lock, so of two concurrent deciders the second
 * waits, then finds the version moved on and rolls back (StaleRequestError). The winner's decision row says
 * whether it is final (the quorum-reaching approval or a deny); only a final one is then sent to PIM.
 */
import { withAudit } from "@/lib/audit/with-audit";
import { AppError } from "@/lib/errors";
import type { Deps, RequestMeta, SessionUser } from "./deps";
import { isQuorumReached } from "./authorization";
import { ensureUser, type RequestRecord } from "./records";

export class StaleRequestError extends Error {
  constructor() {
    super("the request changed since it was read");
    this.name = "StaleRequestError";
  }
}

export async function claimDecision(
  deps: Deps,
  a: { request: RequestRecord; user: SessionUser; decision: "approve" | "deny"; reason: string; meta?: RequestMeta },
): Promise<{ isFinal: boolean; version: number }> {
  const { request, user } = a;
  const now = deps.now();
  return withAudit(deps.db, now, async (tx, audit) => {
    const { count } = await tx.accessRequest.updateMany({
      where: { id: request.id, status: "pending_approval", version: request.version },
      data: { version: { increment: 1 }, updatedAt: now },
    });
    if (count !== 1) throw new StaleRequestError();
    const prior = await tx.decision.findMany({ where: { requestId: request.id } });
    if (prior.some((d) => d.isFinal)) throw new StaleRequestError();
    if (prior.some((d) => d.approverId === user.id)) throw new AppError("conflict", "You have already decided on this request.");

    const approvals = [...prior, { approverId: user.id, kind: a.decision }];
    const isFinal = a.decision === "deny" || isQuorumReached(approvals, request.quorum);
    const tenantId = user.homeAccountId.split(".")[1] ?? deps.tenantId;
    await ensureUser(tx, { id: user.id, tenantId, upn: user.upn, displayName: user.displayName, email: user.email });
    await tx.decision.create({
      data: { requestId: request.id, requestSubmittedAt: request.submittedAt, approverId: user.id, kind: a.decision, reason: a.reason, isFinal, createdAt: now },
    });
    if (!isFinal) {
      await tx.approvalLink.updateMany({ where: { requestId: request.id, approverId: user.id, usedAt: null }, data: { usedAt: now } });
      audit({
        action: "approval.recorded",
        actor: { type: "user", id: user.id, name: user.displayName },
        requestId: request.id,
        data: { approverId: user.id, approvals: approvals.filter((d) => d.kind === "approve").length, quorum: request.quorum },
        ip: a.meta?.ip,
        userAgent: a.meta?.userAgent,
      });
    }
    return { isFinal, version: request.version + 1 };
  });
}
