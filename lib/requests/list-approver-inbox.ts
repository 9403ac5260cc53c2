/**
 * The approver's inbox: requests routed to them that still wait for their decision (oldest first, so nothing
 * sits at the bottom until PIM's window closes), and the requests they decided (newest first). Only requests
 * routed to this approver appear — the same set their emailed links open.
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Deps, SessionUser } from "./deps";
import type { RequestState } from "./state-machine";

export interface InboxRequest {
  requestId: string;
  number: number;
  status: RequestState;
  requester: { name: string; upn: string };
  targetName: string;
  durationMinutes: number;
  justification: string;
  ticketNumber: string | null;
  submittedAt: Date;
  /** When the approver's link (and PIM's approval window) closes. */
  decideBy: Date;
  approvals: number;
  quorum: number;
}

export interface DecidedRequest {
  requestId: string;
  number: number;
  status: RequestState;
  requester: { name: string; upn: string };
  targetName: string;
  durationMinutes: number;
  myDecision: { kind: "approve" | "deny"; reason: string; at: Date };
}

export interface ApproverInbox {
  waiting: InboxRequest[];
  decided: DecidedRequest[];
}

/** Links of this approver that can still be used: request pending, link unused and unexpired, not decided yet. */
export function waitingLinksWhere(approverId: string, now: Date): Prisma.ApprovalLinkWhereInput {
  return {
    approverId,
    usedAt: null,
    expiresAt: { gt: now },
    request: { status: "pending_approval", decisions: { none: { approverId } } },
  };
}

export async function listApproverInbox(deps: Deps, args: { user: SessionUser; decidedLimit?: number }): Promise<ApproverInbox> {
  const { user } = args;
  const decidedLimit = Math.min(Math.max(args.decidedLimit ?? 50, 1), 200);
  const [links, decisions] = await Promise.all([
    deps.db.approvalLink.findMany({
      where: waitingLinksWhere(user.id, deps.now()),
      include: { request: { include: { requester: true, target: true, decisions: { select: { kind: true, approverId: true } } } } },
      orderBy: { request: { submittedAt: "asc" } },
      take: 200,
    }),
    deps.db.decision.findMany({
      where: { approverId: user.id },
      include: { request: { include: { requester: true, target: true } } },
      orderBy: { createdAt: "desc" },
      take: decidedLimit,
    }),
  ]);
  return {
    waiting: links.map(({ request: r, expiresAt }) => ({
      requestId: r.id,
      number: Number(r.number),
      status: r.status,
      requester: { name: r.requester.displayName, upn: r.requester.upn },
      targetName: r.target.displayName,
      durationMinutes: r.durationMinutes,
      justification: r.justification,
      ticketNumber: r.ticketNumber,
      submittedAt: r.submittedAt,
      decideBy: r.approvalExpiresAt && r.approvalExpiresAt < expiresAt ? r.approvalExpiresAt : expiresAt,
      approvals: new Set(r.decisions.filter((d) => d.kind === "approve").map((d) => d.approverId)).size,
      quorum: r.quorum,
    })),
    decided: decisions.map(({ request: r, kind, reason, createdAt }) => ({
      requestId: r.id,
      number: Number(r.number),
      status: r.status,
      requester: { name: r.requester.displayName, upn: r.requester.upn },
      targetName: r.target.displayName,
      durationMinutes: r.durationMinutes,
      myDecision: { kind, reason, at: createdAt },
    })),
  };
}
