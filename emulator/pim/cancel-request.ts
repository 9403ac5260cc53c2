/**
 * POST …/{assignment|eligibility}ScheduleRequests/{id}/cancel (§4.7): only a request still waiting (pending, or
 * Granted but not started) can be cancelled, and only by its requester or a group admin.
 */
import { GraphError, type Caller, type Services } from "../core/types";
import { canAdministerGroup } from "./admin-roles";
import { creatorId } from "./created-by";
import { graphTime, sameId } from "./graph-time";
import { endSchedule } from "./membership";
import { PIM, type Family, type PimState } from "./model";
import { findRequest, findSchedule } from "./queries";
import { canTransition, transition } from "./status-machine";

export function requestNotFound(id: string): GraphError {
  return new GraphError(404, "ResourceNotFound", `The request '${id}' was not found.`);
}

export function cancelRequest(services: Services, caller: Caller, family: Family, id: string): void {
  const state = services.slice<PimState>(PIM);
  const request = findRequest(state, family, id);
  if (!request) throw requestNotFound(id);
  const group = services.directory.getGroup(request.groupId);
  const isRequester = sameId(creatorId(request.createdBy), caller.kind === "app" ? caller.appId : caller.objectId);
  const isAdmin = group !== undefined && canAdministerGroup(caller, group, state.directoryRoles, services.options().adminAssignRequiresDirectoryRole);
  if (!isRequester && !isAdmin) throw new GraphError(403, "Forbidden", "Only the requestor or an administrator can cancel this request.");
  if (!canTransition(request.status, "cancel")) throw new GraphError(400, "BadRequest", "Request is not in a cancelable state.");

  const nowMs = services.clock.nowMs();
  if (request.status === "Granted") {
    const future = findSchedule(state, request.targetScheduleId);
    if (future) endSchedule(state, services.directory, future);
  }
  request.status = transition(request.status, "cancel", "Canceled");
  request.completedDateTime = graphTime(nowMs);
  const approval = state.approvals.find((a) => sameId(a.id, request.id));
  for (const stage of approval?.stages ?? []) if (stage.status === "InProgress" || stage.status === "Initializing") stage.status = "Completed";
  services.changed();
}
