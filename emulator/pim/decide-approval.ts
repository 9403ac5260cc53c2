/**
 * PATCH …/assignmentApprovals/{id}/stages/{stageId}: record the reviewer's decision and move the request on —
 * Approve on the last stage → Provisioned (membership added) or Granted for a future start; Deny → Denied.
 */
import { GraphError, type Caller, type Services } from "../core/types";
import { graphTime, sameId } from "./graph-time";
import { applyStartedAssignments } from "./membership";
import { PIM, type PimState } from "./model";
import { findRequest } from "./queries";
import { reviewStage } from "./review-stage";
import { createSchedule } from "./schedules";
import { isPending, transition } from "./status-machine";

export function approvalNotFound(id: string): GraphError {
  return new GraphError(404, "ResourceNotFound", `The approval '${id}' was not found.`);
}

export function decideApproval(services: Services, caller: Caller, approvalId: string, stageId: string, body: unknown): void {
  const state = services.slice<PimState>(PIM);
  const approval = state.approvals.find((a) => sameId(a.id, approvalId));
  const request = findRequest(state, "assignment", approvalId);
  if (!approval || !request) throw approvalNotFound(approvalId);
  const stage = approval.stages.find((s) => sameId(s.id, stageId));
  if (!stage) throw new GraphError(404, "ResourceNotFound", `The approval stage '${stageId}' was not found.`);

  const nowMs = services.clock.nowMs();
  const outcome = reviewStage({
    approval,
    stage,
    reviewer: { id: caller.objectId, displayName: services.directory.getUser(caller.objectId)?.displayName ?? null },
    body,
    isRequestPending: isPending(request.status),
    nowMs,
    dir: { directory: services.directory, isTransitive: services.options().approverGroupMembersTransitive },
  });

  if (outcome === "denied") {
    request.status = transition(request.status, "deny", "Denied");
    request.completedDateTime = graphTime(nowMs);
  } else if (outcome === "approved") {
    const startMs = Math.max(Date.parse(request.scheduleInfo.startDateTime ?? "") || nowMs, nowMs);
    request.status = transition(request.status, "approve", startMs > nowMs ? "Granted" : "Provisioned");
    if (request.status === "Provisioned") request.completedDateTime = graphTime(nowMs);
    createSchedule(state, request, { family: "assignment", startMs, nowMs });
    applyStartedAssignments(state, services.directory, nowMs);
  }
  services.changed();
}
