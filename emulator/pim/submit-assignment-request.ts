/**
 * POST …/assignmentScheduleRequests after the permission check: parse → validate (§4.10) → record the request →
 * create/update/end the schedule or open an approval → add/remove the membership. Validation-only requests
 * stop before anything is stored.
 */
import { randomUUID } from "node:crypto";
import type { Caller, Services } from "../core/types";
import { defaultRulesById, effectiveRules, ensureGroupOnboarded } from "../policies/effective-rules";
import { canAdministerGroup } from "./admin-roles";
import { createApproval } from "./approvals";
import { createdByOf } from "./created-by";
import { graphTime } from "./graph-time";
import { applyStartedAssignments, endSchedule } from "./membership";
import { PIM, type PimState, type ScheduleRequest } from "./model";
import { assignmentActions, parseScheduleRequest } from "./parse-request";
import { currentAssignment, eligibilityFor, pendingRequestFor } from "./queries";
import { createSchedule, scheduleIdFor, updateSchedule } from "./schedules";
import { validateAssignmentRequest } from "./validate-request";

export function submitAssignmentRequest(services: Services, caller: Caller, body: unknown): ScheduleRequest {
  const state = services.slice<PimState>(PIM);
  const { directory } = services;
  const parsed = parseScheduleRequest(body, assignmentActions);
  const nowMs = services.clock.nowMs();
  const options = services.options();
  const group = directory.getGroup(parsed.groupId);
  const isAdminAction = parsed.action.startsWith("admin");
  const isGroupAdmin = group !== undefined && canAdministerGroup(caller, group, state.directoryRoles, options.adminAssignRequiresDirectoryRole);
  // Assigning through PIM onboards a group implicitly (§3.1).
  if (isAdminAction && isGroupAdmin && group && !parsed.isValidationOnly) ensureGroupOnboarded(services, group.id);

  const current = currentAssignment(state, parsed.groupId, parsed.principalId, parsed.accessId, nowMs);
  const eligibility = eligibilityFor(state, directory, parsed.groupId, parsed.principalId, parsed.accessId, nowMs);
  const decision = validateAssignmentRequest(parsed, {
    caller,
    nowMs,
    options,
    rules: effectiveRules(services, parsed.groupId, parsed.accessId) ?? (isAdminAction && group ? defaultRulesById() : undefined),
    doesGroupExist: group !== undefined,
    doesPrincipalExist: directory.getUser(parsed.principalId) !== undefined || directory.getGroup(parsed.principalId) !== undefined,
    isGroupAdmin,
    eligibility,
    current,
    pending: pendingRequestFor(state, parsed.groupId, parsed.principalId, parsed.accessId),
  });

  const id = randomUUID();
  const isNew = !current || parsed.action === "selfActivate" || parsed.action === "adminAssign";
  const request: ScheduleRequest = {
    family: "assignment",
    id,
    status: decision.status,
    createdDateTime: graphTime(nowMs),
    completedDateTime: decision.status === "Provisioned" || decision.status === "Revoked" ? graphTime(nowMs) : null,
    approvalId: decision.approvalStages ? id : null,
    customData: parsed.customData,
    createdBy: createdByOf(caller, state),
    action: parsed.action,
    isValidationOnly: parsed.isValidationOnly,
    justification: parsed.justification,
    scheduleInfo: {
      startDateTime: graphTime(decision.startMs),
      recurrence: null,
      expiration: parsed.scheduleInfo?.expiration ?? { type: "notSpecified", endDateTime: null, duration: null },
    },
    ticketInfo: parsed.ticketInfo,
    principalId: parsed.principalId,
    accessId: parsed.accessId,
    groupId: parsed.groupId,
    targetScheduleId: isNew ? scheduleIdFor(parsed.groupId, parsed.accessId, id) : (current?.id ?? null),
    activatedUsing: parsed.action === "selfActivate" ? (eligibility?.id ?? null) : null,
  };
  if (parsed.isValidationOnly) return request;

  state.requests.push(request);
  if (decision.approvalStages) {
    state.approvals.push(createApproval({ requestId: id, requesterId: parsed.principalId, groupId: parsed.groupId, accessId: parsed.accessId, stages: decision.approvalStages, nowMs }));
  } else if (decision.status === "Revoked" && current) {
    endSchedule(state, directory, current);
  } else if (isNew) {
    createSchedule(state, request, { family: "assignment", startMs: decision.startMs, nowMs });
  } else if (current) {
    updateSchedule(current, request, nowMs);
  }
  applyStartedAssignments(state, directory, nowMs);
  services.changed();
  return request;
}
