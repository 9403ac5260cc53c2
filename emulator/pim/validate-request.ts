/**
 * Decides what a POSTed assignment schedule request does, in the fixed order of entra-graph-api.md §4.10:
 * caller/self match → target exists → eligibility → duplicates → expiration (incl. the 5-minute floor) →
 * enablement (justification, ticket, MFA) → authentication context → approval → 5-minute removal floor.
 * (Step 1, the permission scope, runs in the route before the body is read.) Pure: lookups come in `input`.
 */
import { acceptingPermissions } from "../core/permissions";
import { GraphError, type Caller, type EmulatorOptions } from "../core/types";
import type { ApprovalStage, RulesById } from "../policies/rule-types";
import { acrsChallenge, approvalStagesFor, enablementFailures, endOf, expirationFails, FIVE_MINUTES_MS } from "./evaluate-policy";
import type { RequestStatus, Schedule, ScheduleRequest } from "./model";
import type { ParsedRequest } from "./parse-request";
import { initialStatus } from "./status-machine";

export interface ValidationInput {
  caller: Caller;
  nowMs: number;
  options: EmulatorOptions;
  /** Policy of (group, accessId); undefined when the group was never onboarded. */
  rules: RulesById | undefined;
  doesGroupExist: boolean;
  doesPrincipalExist: boolean;
  /** Delegated: owner of the group or an admin directory role. App: allowed (subject to the option). */
  isGroupAdmin: boolean;
  /** An eligibility that covers the principal now (direct or through a group). */
  eligibility: Schedule | undefined;
  /** The principal's current or future assignment for (group, accessId). */
  current: Schedule | undefined;
  /** A pending request for the same (group, principal, accessId). */
  pending: ScheduleRequest | undefined;
}

export interface Decision {
  status: RequestStatus;
  startMs: number;
  endMs: number | null;
  approvalStages: ApprovalStage[] | null;
}

const SELF_ACTIONS = ["selfActivate", "selfDeactivate"];
const writeScopes = ["PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"];

export const roleAssignmentExists = () => new GraphError(400, "RoleAssignmentExists", "The Role assignment already exists.");
export const roleAssignmentDoesNotExist = () => new GraphError(400, "RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
export const pendingRequestExists = () =>
  new GraphError(400, "PendingRoleAssignmentRequest", "There already exists a pending Role assignment request.");
// Microsoft's message really says "Miniumum" (field reports); clients may match on it.
export const activeDurationTooShort = () =>
  new GraphError(400, "ActiveDurationTooShort", "The Active duration is too short. Miniumum Required is 5 minutes.");

function authorizeCaller(request: ParsedRequest, input: ValidationInput): void {
  const { caller, options } = input;
  if (SELF_ACTIONS.includes(request.action)) {
    // Self-service needs a signed-in user; PIM answers app tokens with its permission error.
    if (caller.kind === "app") throw GraphError.pimPermissionScopeNotGranted(acceptingPermissions(writeScopes));
    if (caller.objectId.toLowerCase() !== request.principalId) {
      const { status, code } = options.selfActionMismatch;
      throw new GraphError(status, code, "The principal of a self-service request must be the signed-in user.");
    }
    return;
  }
  if (!input.isGroupAdmin) throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

function requireTargets(request: ParsedRequest, input: ValidationInput): void {
  if (!input.doesGroupExist) throw new GraphError(400, "InvalidRoleAssignmentRequest", `The role assignment request is invalid. Group '${request.groupId}' does not exist.`);
  if (!input.doesPrincipalExist) throw new GraphError(400, "InvalidRoleAssignmentRequest", `The role assignment request is invalid. Principal '${request.principalId}' does not exist.`);
}

function requireEligibility(input: ValidationInput): void {
  if (input.eligibility && input.rules) return;
  if (input.options.missingEligibility === "RoleEligibilityDoesNotExist") {
    throw new GraphError(400, "RoleEligibilityDoesNotExist", "The Role eligibility does not exist.");
  }
  throw GraphError.policyValidationFailed(["EligibilityRule"]);
}

function policyFailures(request: ParsedRequest, input: ValidationInput, rules: RulesById, startMs: number, endMs: number | null): string[] {
  const isSelf = request.action === "selfActivate";
  const expiration = isSelf ? rules.Expiration_EndUser_Assignment : rules.Expiration_Admin_Assignment;
  const enablement = isSelf ? rules.Enablement_EndUser_Assignment : rules.Enablement_Admin_Assignment;
  const failures = expirationFails(expiration, startMs, endMs) ? ["ExpirationRule"] : [];
  failures.push(
    ...enablementFailures(enablement, { justification: request.justification, ticketNumber: request.ticketInfo.ticketNumber, amr: input.caller.amr }),
  );
  const approval = rules.Approval_EndUser_Assignment.setting;
  if (isSelf && approval.isApprovalRequired && approval.isRequestorJustificationRequired && !request.justification?.trim()) {
    if (!failures.includes("JustificationRule")) failures.push("JustificationRule");
  }
  return failures;
}

export function validateAssignmentRequest(request: ParsedRequest, input: ValidationInput): Decision {
  const { action } = request;
  const now = input.nowMs;
  authorizeCaller(request, input);
  requireTargets(request, input);

  if (action === "selfDeactivate" || action === "adminRemove") {
    const current = input.current;
    const isRemovable = current && (action === "adminRemove" || current.assignmentType === "Activated");
    if (!current || !isRemovable) throw roleAssignmentDoesNotExist();
    if (now - Date.parse(current.startDateTime) < FIVE_MINUTES_MS) throw activeDurationTooShort();
    return { status: initialStatus({ action, needsApproval: false, startsInFuture: false }), startMs: now, endMs: now, approvalStages: null };
  }

  if (action === "selfActivate") requireEligibility(input);
  const rules = input.rules;
  if (!rules) throw roleAssignmentDoesNotExist();
  const isCreate = action === "selfActivate" || action === "adminAssign" || (action === "adminRenew" && !input.current);
  if (isCreate && input.current) throw roleAssignmentExists();
  if (isCreate && input.pending) throw pendingRequestExists();
  if (!isCreate && !input.current) throw roleAssignmentDoesNotExist();

  const requestedStart = request.scheduleInfo?.startMs ?? now;
  // Updates keep the schedule's original start; new schedules start now at the earliest (PIM clamps the past).
  const startMs = isCreate ? Math.max(requestedStart, now) : Date.parse(input.current?.startDateTime ?? "") || now;
  const expiration = request.scheduleInfo?.expiration ?? { type: "notSpecified", endDateTime: null, duration: null };
  const endMs = endOf(startMs, expiration);

  const failures = policyFailures(request, input, rules, startMs, endMs);
  if (failures.length > 0) throw GraphError.policyValidationFailed(failures);

  if (action === "selfActivate") {
    const challenge = acrsChallenge(rules.AuthenticationContext_EndUser_Assignment, input.caller.acrs);
    if (challenge) {
      throw new GraphError(
        400,
        "RoleAssignmentRequestAcrsValidationFailed",
        `The Role assignment request failed the authentication context validation. Acquire a token that satisfies the claims challenge. claims=${challenge}`,
      );
    }
  }
  const approvalStages = action === "selfActivate" ? approvalStagesFor(rules.Approval_EndUser_Assignment) : null;
  const status = initialStatus({ action, needsApproval: approvalStages !== null, startsInFuture: startMs > now });
  return { status, startMs, endMs, approvalStages };
}
