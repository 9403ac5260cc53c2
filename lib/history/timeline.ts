/**
 * One request as an auditor reads it: every field, every decision, every approval link issued (who, when,
 * expiry, use — never the token or its hash) and the request's complete audit trail in chain order.
 */
import type { Db } from "@/lib/db/client";
import type { RequestState } from "@/lib/requests/state-machine";

export interface TimelineEntry {
  seq: string;
  at: Date;
  action: string;
  actor: { type: string; id: string | null; name: string | null };
  data: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  hash: string;
}

export interface RequestHistory {
  id: string;
  number: number;
  status: RequestState;
  target: { id: string; displayName: string; clusterResourceId: string };
  requester: { id: string; upn: string; displayName: string };
  justification: string;
  ticketNumber: string | null;
  ticketSystem: string | null;
  durationMinutes: number;
  quorum: number;
  pimRequestId: string | null;
  pimStatus: string | null;
  failure: { code: string; message: string | null } | null;
  submittedAt: Date;
  approvalExpiresAt: Date | null;
  decidedAt: Date | null;
  activatedAt: Date | null;
  expiresAt: Date | null;
  endedAt: Date | null;
  decisions: { approver: { id: string; upn: string; displayName: string }; kind: "approve" | "deny"; reason: string; isFinal: boolean; at: Date }[];
  links: { approver: { id: string; upn: string; displayName: string }; email: string; issuedAt: Date; expiresAt: Date; usedAt: Date | null }[];
  events: TimelineEntry[];
}

/** A request has a few dozen events; the cap only bounds a pathological one. */
const MAX_EVENTS = 2000;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const person = { select: { id: true, upn: true, displayName: true } } as const;

/** Null when there is no such request (or the id is not even a UUID). */
export async function getRequestHistory(db: Db, requestId: string): Promise<RequestHistory | null> {
  if (!uuid.test(requestId)) return null;
  const [r, events] = await Promise.all([
    db.accessRequest.findUnique({
      where: { id: requestId },
      include: {
        target: true,
        requester: person,
        decisions: { include: { approver: person }, orderBy: { createdAt: "asc" } },
        // tokenHash is deliberately not selected: auditors see that a link was issued, never anything usable.
        links: { select: { approverEmail: true, createdAt: true, expiresAt: true, usedAt: true, approver: person }, orderBy: { createdAt: "asc" } },
      },
    }),
    db.auditEvent.findMany({ where: { requestId }, orderBy: { seq: "asc" }, take: MAX_EVENTS }),
  ]);
  if (!r) return null;
  return {
    id: r.id,
    number: Number(r.number),
    status: r.status,
    target: { id: r.target.id, displayName: r.target.displayName, clusterResourceId: r.target.clusterResourceId },
    requester: r.requester,
    justification: r.justification,
    ticketNumber: r.ticketNumber,
    ticketSystem: r.ticketSystem,
    durationMinutes: r.durationMinutes,
    quorum: r.quorum,
    pimRequestId: r.pimRequestId,
    pimStatus: r.pimStatus,
    failure: r.failureCode ? { code: r.failureCode, message: r.failureMessage } : null,
    submittedAt: r.submittedAt,
    approvalExpiresAt: r.approvalExpiresAt,
    decidedAt: r.decidedAt,
    activatedAt: r.activatedAt,
    expiresAt: r.expiresAt,
    endedAt: r.endedAt,
    decisions: r.decisions.map((d) => ({ approver: d.approver, kind: d.kind, reason: d.reason, isFinal: d.isFinal, at: d.createdAt })),
    links: r.links.map((l) => ({ approver: l.approver, email: l.approverEmail, issuedAt: l.createdAt, expiresAt: l.expiresAt, usedAt: l.usedAt })),
    events: events.map((e) => ({
      seq: e.seq.toString(),
      at: e.at,
      action: e.action,
      actor: { type: e.actorType, id: e.actorId, name: e.actorName },
      data: (e.data ?? {}) as Record<string, unknown>,
      ip: e.ip,
      userAgent: e.userAgent,
      hash: e.hash,
    })),
  };
}
