/**
 * Everything the request page shows: the request (through `getRequest`, so the same no-IDOR rule applies), who
 * it was routed to and what each of them did, and the request's audit trail in order. Network details of audit
 * events (IP, user agent) are for auditors and are not included.
 */
import type { Deps, SessionUser } from "./deps";
import { getRequest } from "./get-request";
import type { RequestView } from "./records";

export interface RoutedApproverView {
  id: string;
  name: string;
  email: string;
  decision: "approve" | "deny" | null;
}

export interface TimelineEvent {
  seq: string;
  at: Date;
  action: string;
  actor: { type: string; id: string | null; name: string | null };
  data: Record<string, unknown>;
}

export interface RequestDetails {
  request: RequestView;
  routedTo: RoutedApproverView[];
  timeline: TimelineEvent[];
  isRequester: boolean;
}

const MAX_EVENTS = 500;

export async function getRequestDetails(
  deps: Deps,
  args: { user: SessionUser; requestId: string; isAuditor: boolean },
): Promise<RequestDetails> {
  const request = await getRequest(deps, args);
  const [links, events] = await Promise.all([
    deps.db.approvalLink.findMany({
      where: { requestId: request.id },
      select: { approverId: true, approverEmail: true, approver: { select: { displayName: true } } },
      orderBy: { createdAt: "asc" },
    }),
    deps.db.auditEvent.findMany({
      where: { requestId: request.id },
      select: { seq: true, at: true, action: true, actorType: true, actorId: true, actorName: true, data: true },
      orderBy: { seq: "asc" },
      take: MAX_EVENTS,
    }),
  ]);
  return {
    request,
    isRequester: request.requester.id === args.user.id,
    routedTo: links.map((l) => ({
      id: l.approverId,
      name: l.approver.displayName,
      email: l.approverEmail,
      decision: request.decisions.find((d) => d.approverId === l.approverId)?.kind ?? null,
    })),
    timeline: events.map((e) => ({
      seq: String(e.seq),
      at: e.at,
      action: e.action,
      actor: { type: e.actorType, id: e.actorId, name: e.actorName },
      data: e.data !== null && typeof e.data === "object" && !Array.isArray(e.data) ? (e.data as Record<string, unknown>) : {},
    })),
  };
}
