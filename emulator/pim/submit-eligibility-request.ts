/**
 * POST …/eligibilityScheduleRequests (§4.8, admin only): create, extend or remove an eligibility under the
 * Admin_Eligibility rules. Deliberately minimal — the product never does this; tests and the demo use it to
 * shape a tenant. No approvals apply to eligibility requests.
 */
import { randomUUID } from "node:crypto";
import { GraphError, type Caller, type Services } from "../core/types";
import { effectiveRules, ensureGroupOnboarded } from "../policies/effective-rules";
import { canAdministerGroup } from "./admin-roles";
import { createdByOf } from "./created-by";
import { enablementFailures, endOf, expirationFails } from "./evaluate-policy";
import { graphTime, sameId } from "./graph-time";
import { endSchedule } from "./membership";
import { PIM, type PimState, type ScheduleRequest } from "./model";
import { eligibilityActions, parseScheduleRequest } from "./parse-request";
import { createSchedule, scheduleIdFor, updateSchedule } from "./schedules";
import { roleAssignmentDoesNotExist, roleAssignmentExists } from "./validate-request";

export function submitEligibilityRequest(services: Services, caller: Caller, body: unknown): ScheduleRequest {
  const state = services.slice<PimState>(PIM);
  const parsed = parseScheduleRequest(body, eligibilityActions);
  const nowMs = services.clock.nowMs();
  const group = services.directory.getGroup(parsed.groupId);
  if (!group || !canAdministerGroup(caller, group, state.directoryRoles, services.options().adminAssignRequiresDirectoryRole)) {
    throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  }
  if (!services.directory.getUser(parsed.principalId) && !services.directory.getGroup(parsed.principalId)) {
    throw new GraphError(400, "InvalidRoleAssignmentRequest", `The role assignment request is invalid. Principal '${parsed.principalId}' does not exist.`);
  }
  if (!parsed.isValidationOnly) ensureGroupOnboarded(services, group.id);
  const current = state.schedules.find(
    (s) => s.family === "eligibility" && sameId(s.groupId, parsed.groupId) && sameId(s.principalId, parsed.principalId) && s.accessId === parsed.accessId,
  );
  const isRemoval = parsed.action === "adminRemove";
  const isNew = parsed.action === "adminAssign" || (parsed.action === "adminRenew" && !current);
  if (isNew && current) throw roleAssignmentExists();
  if (!isNew && !current) throw roleAssignmentDoesNotExist();

  const startMs = isNew ? Math.max(parsed.scheduleInfo?.startMs ?? nowMs, nowMs) : Date.parse(current?.startDateTime ?? "") || nowMs;
  const expiration = parsed.scheduleInfo?.expiration ?? { type: "notSpecified" as const, endDateTime: null, duration: null };
  const rules = effectiveRules(services, parsed.groupId, parsed.accessId);
  if (!isRemoval && rules) {
    const failures = expirationFails(rules.Expiration_Admin_Eligibility, startMs, endOf(startMs, expiration)) ? ["ExpirationRule"] : [];
    failures.push(...enablementFailures(rules.Enablement_Admin_Eligibility, { justification: parsed.justification, ticketNumber: parsed.ticketInfo.ticketNumber, amr: caller.amr }));
    if (failures.length > 0) throw GraphError.policyValidationFailed(failures);
  }

  const id = randomUUID();
  const status = isRemoval ? "Revoked" : startMs > nowMs ? "Granted" : "Provisioned";
  const request: ScheduleRequest = {
    family: "eligibility",
    id,
    status,
    createdDateTime: graphTime(nowMs),
    completedDateTime: status === "Granted" ? null : graphTime(nowMs),
    approvalId: null,
    customData: parsed.customData,
    createdBy: createdByOf(caller, state),
    action: parsed.action,
    isValidationOnly: parsed.isValidationOnly,
    justification: parsed.justification,
    scheduleInfo: { startDateTime: graphTime(startMs), recurrence: null, expiration },
    ticketInfo: parsed.ticketInfo,
    principalId: parsed.principalId,
    accessId: parsed.accessId,
    groupId: parsed.groupId,
    targetScheduleId: isNew ? scheduleIdFor(parsed.groupId, parsed.accessId, id) : (current?.id ?? null),
    activatedUsing: null,
  };
  if (parsed.isValidationOnly) return request;
  state.requests.push(request);
  if (isRemoval && current) endSchedule(state, services.directory, current);
  else if (isNew) {
    const schedule = createSchedule(state, request, { family: "eligibility", startMs, nowMs });
    schedule.instanceId = schedule.id;
  } else if (current) updateSchedule(current, request, nowMs);
  services.changed();
  return request;
}
