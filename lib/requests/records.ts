/**
 * Loading requests, applying state transitions to them, and the view shape pages receive.
 */
import type { Db, Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { MailRequestInfo } from "@/lib/notify/templates";
import { transition, type RequestEvent, type RequestState } from "./state-machine";

export const requestInclude = {
  target: true,
  requester: true,
  decisions: { include: { approver: true }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.AccessRequestInclude;

export type RequestRecord = Prisma.AccessRequestGetPayload<{ include: typeof requestInclude }>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request with target, requester and decisions; null for unknown or malformed ids. */
export async function loadRequest(client: Db | Tx, id: string): Promise<RequestRecord | null> {
  if (!uuid.test(id)) return null;
  return client.accessRequest.findUnique({ where: { id }, include: requestInclude });
}

/**
 * Moves a request to the next state, conditional on the status and version we read: if anyone changed the row
 * in between (another approver, the worker), nothing is written and the caller gets a conflict.
 */
export async function transitionRequest(
  tx: Tx,
  request: { id: string; status: RequestState; version: number },
  event: RequestEvent,
  at: Date,
  patch: Prisma.AccessRequestUpdateManyMutationInput = {},
): Promise<{ from: RequestState; to: RequestState }> {
  const to = transition(request.status, event);
  const { count } = await tx.accessRequest.updateMany({
    where: { id: request.id, status: request.status, version: request.version },
    data: { ...patch, status: to, version: { increment: 1 }, updatedAt: at },
  });
  if (count !== 1) throw new AppError("conflict", "This request changed in the meantime. Reload the page to see its current state.");
  return { from: request.status, to };
}

/**
 * Users must exist before they can own requests, decisions or links; approvers may never have signed in.
 * One INSERT … ON CONFLICT DO NOTHING, not Prisma's upsert (a read, then an insert): two replicas routing the
 * same approver for the first time would otherwise both insert, and one would fail on the primary key.
 */
export async function ensureUser(
  tx: Tx,
  user: { id: string; tenantId: string; upn: string; displayName: string | null; email?: string | null },
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO users (id, tenant_id, upn, display_name, email)
    VALUES (${user.id}, ${user.tenantId}, ${user.upn}, ${user.displayName ?? user.upn}, ${user.email ?? null})
    ON CONFLICT (id) DO NOTHING`;
}

export interface RequestView {
  id: string;
  number: number;
  status: RequestState;
  target: { id: string; displayName: string; clusterResourceId: string };
  requester: { id: string; upn: string; displayName: string };
  durationMinutes: number;
  justification: string;
  ticketNumber: string | null;
  ticketSystem: string | null;
  quorum: number;
  submittedAt: Date;
  approvalExpiresAt: Date | null;
  decidedAt: Date | null;
  activatedAt: Date | null;
  expiresAt: Date | null;
  endedAt: Date | null;
  deactivateAt: Date | null;
  failure: { code: string; message: string } | null;
  decisions: { approverId: string; approverName: string; kind: "approve" | "deny"; reason: string; at: Date; isFinal: boolean }[];
}

export function toRequestView(r: RequestRecord): RequestView {
  return {
    id: r.id,
    number: Number(r.number),
    status: r.status,
    target: { id: r.target.id, displayName: r.target.displayName, clusterResourceId: r.target.clusterResourceId },
    requester: { id: r.requester.id, upn: r.requester.upn, displayName: r.requester.displayName },
    durationMinutes: r.durationMinutes,
    justification: r.justification,
    ticketNumber: r.ticketNumber,
    ticketSystem: r.ticketSystem,
    quorum: r.quorum,
    submittedAt: r.submittedAt,
    approvalExpiresAt: r.approvalExpiresAt,
    decidedAt: r.decidedAt,
    activatedAt: r.activatedAt,
    expiresAt: r.expiresAt,
    endedAt: r.endedAt,
    deactivateAt: r.deactivateAt,
    failure: r.failureCode ? { code: r.failureCode, message: r.failureMessage ?? "" } : null,
    decisions: r.decisions.map((d) => ({
      approverId: d.approverId,
      approverName: d.approver.displayName,
      kind: d.kind,
      reason: d.reason,
      at: d.createdAt,
      isFinal: d.isFinal,
    })),
  };
}

export function toMailInfo(r: RequestRecord): MailRequestInfo {
  return {
    id: r.id,
    number: Number(r.number),
    requester: { name: r.requester.displayName, upn: r.requester.upn },
    targetName: r.target.displayName,
    clusterResourceId: r.target.clusterResourceId,
    durationMinutes: r.durationMinutes,
    justification: r.justification,
    ticketNumber: r.ticketNumber,
    ticketSystem: r.ticketSystem,
  };
}
