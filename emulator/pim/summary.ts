/** What the emulator UI shows about PIM: who may activate what, who is elevated until when, recent requests, open approvals. */
import type { Services } from "../core/types";
import { openStage } from "./approvals";
import { sameId } from "./graph-time";
import { PIM, type PimState } from "./model";
import { isInEffect } from "./queries";

const RECENT = 20;

export function pimSummary(services: Services) {
  const state = services.slice<PimState>(PIM);
  const { directory } = services;
  const nowMs = services.clock.nowMs();
  const nameOf = (id: string) => directory.getUser(id)?.displayName ?? directory.getGroup(id)?.displayName ?? id;
  const upnOf = (id: string) => directory.getUser(id)?.userPrincipalName ?? null;
  return {
    eligibilities: state.schedules
      .filter((s) => s.family === "eligibility" && isInEffect(s, nowMs))
      .map((s) => ({ group: nameOf(s.groupId), groupId: s.groupId, accessId: s.accessId, principal: nameOf(s.principalId), principalId: s.principalId, until: s.endDateTime })),
    activeMemberships: state.schedules
      .filter((s) => s.family === "assignment" && isInEffect(s, nowMs))
      .map((s) => ({ who: nameOf(s.principalId), upn: upnOf(s.principalId), group: nameOf(s.groupId), groupId: s.groupId, accessId: s.accessId, assignmentType: s.assignmentType, since: s.startDateTime, until: s.endDateTime })),
    recentRequests: [...state.requests]
      .sort((a, b) => (a.createdDateTime < b.createdDateTime ? 1 : -1))
      .slice(0, RECENT)
      .map((r) => ({
        id: r.id,
        kind: r.family,
        action: r.action,
        status: r.status,
        requester: r.createdBy.user ? nameOf(r.createdBy.user.id) : (r.createdBy.application?.displayName ?? "application"),
        principal: nameOf(r.principalId),
        group: nameOf(r.groupId),
        justification: r.justification,
        createdDateTime: r.createdDateTime,
      })),
    pendingApprovals: state.approvals
      .filter((a) => openStage(a) !== undefined && state.requests.some((r) => sameId(r.id, a.id) && r.status === "PendingApproval"))
      .map((a) => ({
        id: a.id,
        requester: nameOf(a.requesterId),
        group: nameOf(a.groupId),
        expires: a.expiresDateTime,
        approvers: (openStage(a)?.approvers ?? []).map((x) => x.description ?? x.userId ?? x.groupId),
      })),
  };
}
