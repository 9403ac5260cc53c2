/**
 * Checks a rule after a PATCH or fixture override was merged into it, property by property for its derived
 * type, and returns the canonical form (enum values in Microsoft's casing, approver descriptions filled in).
 * Bad input yields a message for a 400; nothing is half-applied.
 */
import { isIsoDuration, parseIsoDuration } from "./iso-duration";
import { isPlainObject } from "./deep-merge";
import type {
  ApprovalRule,
  ApprovalStage,
  EnablementValue,
  PolicyRule,
  RuleKind,
  SubjectSet,
} from "./rule-types";

/** Resolves approver display names; undefined means the object does not exist. */
export type DirectoryLookup = (kind: "user" | "group", id: string) => string | undefined;

export type RuleCheck = { ok: true; rule: PolicyRule } | { ok: false; message: string };

/** Properties a PATCH body may carry per rule type, besides `@odata.type`, `id` and `target`. */
export const ruleProperties: Record<RuleKind, readonly string[]> = {
  expiration: ["isExpirationRequired", "maximumDuration"],
  enablement: ["enabledRules"],
  notification: ["notificationType", "recipientType", "notificationLevel", "isDefaultRecipientsEnabled", "notificationRecipients"],
  approval: ["setting"],
  authenticationContext: ["isEnabled", "claimValue"],
};

class RuleInputError extends Error {}

function fail(message: string): never {
  throw new RuleInputError(message);
}

function bool(value: unknown, name: string): boolean {
  if (typeof value !== "boolean") fail(`Property '${name}' must be a boolean.`);
  return value;
}

function int(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) fail(`Property '${name}' must be a non-negative integer.`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  const match = typeof value === "string" ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  if (!match) fail(`Property '${name}' must be one of ${allowed.join(", ")}.`);
  return match;
}

function stringArray(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) fail(`Property '${name}' must be an array of strings.`);
  return value as string[];
}

const enablementValues: readonly EnablementValue[] = ["MultiFactorAuthentication", "Justification", "Ticketing"];

function subjectSet(value: unknown, name: string, lookup: DirectoryLookup): SubjectSet {
  if (!isPlainObject(value)) fail(`Entries of '${name}' must be objects.`);
  const rawType = value["@odata.type"];
  const type = typeof rawType === "string" ? rawType.replace(/^#/, "").toLowerCase() : "";
  if (type === "microsoft.graph.singleuser") {
    if (typeof value.userId !== "string") fail(`A singleUser approver needs a 'userId'.`);
    const displayName = lookup("user", value.userId);
    if (displayName === undefined) fail(`User '${value.userId}' in '${name}' does not exist.`);
    return { "@odata.type": "#microsoft.graph.singleUser", userId: value.userId, description: displayName };
  }
  if (type === "microsoft.graph.groupmembers") {
    if (typeof value.groupId !== "string") fail(`A groupMembers approver needs a 'groupId'.`);
    const displayName = lookup("group", value.groupId);
    if (displayName === undefined) fail(`Group '${value.groupId}' in '${name}' does not exist.`);
    return { "@odata.type": "#microsoft.graph.groupMembers", groupId: value.groupId, description: displayName };
  }
  return fail(`Approvers in '${name}' must be #microsoft.graph.singleUser or #microsoft.graph.groupMembers.`);
}

function stage(value: unknown, lookup: DirectoryLookup): ApprovalStage {
  if (!isPlainObject(value)) fail("Entries of 'approvalStages' must be objects.");
  const primary = value.primaryApprovers ?? [];
  if (!Array.isArray(primary)) fail("Property 'primaryApprovers' must be an array.");
  if (value.escalationApprovers !== undefined && !Array.isArray(value.escalationApprovers)) {
    fail("Property 'escalationApprovers' must be an array.");
  }
  return {
    approvalStageTimeOutInDays: int(value.approvalStageTimeOutInDays ?? 1, "approvalStageTimeOutInDays"),
    isApproverJustificationRequired: bool(value.isApproverJustificationRequired ?? true, "isApproverJustificationRequired"),
    escalationTimeInMinutes: int(value.escalationTimeInMinutes ?? 0, "escalationTimeInMinutes"),
    isEscalationEnabled: bool(value.isEscalationEnabled ?? false, "isEscalationEnabled"),
    primaryApprovers: primary.map((p) => subjectSet(p, "primaryApprovers", lookup)),
    // Graph accepts escalation approvers for PIM groups but never stores them (§6.5).
    escalationApprovers: [],
  };
}

function approvalSetting(rule: Record<string, unknown>, lookup: DirectoryLookup): ApprovalRule["setting"] {
  const s = rule.setting;
  if (!isPlainObject(s)) fail("Property 'setting' must be an object.");
  if (!Array.isArray(s.approvalStages)) fail("Property 'approvalStages' must be an array.");
  const stages = s.approvalStages.map((st) => stage(st, lookup));
  const mode = oneOf(s.approvalMode ?? "SingleStage", ["SingleStage", "Serial", "Parallel", "NoApproval"] as const, "approvalMode");
  const isApprovalRequired = bool(s.isApprovalRequired, "isApprovalRequired");
  if (isApprovalRequired && stages.length === 0) fail("Approval is required but no approval stage is defined.");
  return {
    isApprovalRequired,
    isApprovalRequiredForExtension: bool(s.isApprovalRequiredForExtension ?? false, "isApprovalRequiredForExtension"),
    isRequestorJustificationRequired: bool(s.isRequestorJustificationRequired ?? true, "isRequestorJustificationRequired"),
    approvalMode: mode,
    approvalStages: stages,
  };
}

function check(kind: RuleKind, rule: Record<string, unknown>, lookup: DirectoryLookup): PolicyRule {
  const base = { id: rule.id, target: rule.target } as Pick<PolicyRule, "id" | "target">;
  switch (kind) {
    case "expiration": {
      const isExpirationRequired = bool(rule.isExpirationRequired, "isExpirationRequired");
      const max = rule.maximumDuration ?? null;
      if (max !== null && !isIsoDuration(max)) fail("Property 'maximumDuration' must be an ISO-8601 duration such as PT8H.");
      if (max !== null && (parseIsoDuration(max) ?? 0) <= 0) fail("Property 'maximumDuration' must be positive.");
      if (isExpirationRequired && max === null) fail("Property 'maximumDuration' is required when expiration is required.");
      return { ...base, "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", isExpirationRequired, maximumDuration: max };
    }
    case "enablement": {
      const values = stringArray(rule.enabledRules, "enabledRules").map((v) => oneOf(v, enablementValues, "enabledRules"));
      return { ...base, "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule", enabledRules: [...new Set(values)] };
    }
    case "notification":
      return {
        ...base,
        "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
        notificationType: oneOf(rule.notificationType, ["Email"] as const, "notificationType"),
        recipientType: oneOf(rule.recipientType, ["Requestor", "Approver", "Admin"] as const, "recipientType"),
        notificationLevel: oneOf(rule.notificationLevel, ["None", "Critical", "All"] as const, "notificationLevel"),
        isDefaultRecipientsEnabled: bool(rule.isDefaultRecipientsEnabled, "isDefaultRecipientsEnabled"),
        notificationRecipients: stringArray(rule.notificationRecipients, "notificationRecipients"),
      };
    case "approval":
      return { ...base, "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule", setting: approvalSetting(rule, lookup) };
    case "authenticationContext": {
      const isEnabled = bool(rule.isEnabled, "isEnabled");
      const claimValue = rule.claimValue ?? null;
      if (claimValue !== null && (typeof claimValue !== "string" || claimValue === "")) fail("Property 'claimValue' must be a non-empty string.");
      if (isEnabled && claimValue === null) fail("Property 'claimValue' is required when the authentication context is enabled.");
      return { ...base, "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule", isEnabled, claimValue };
    }
  }
}

/** Validates a merged rule of the given kind. */
export function validateRule(kind: RuleKind, merged: Record<string, unknown>, lookup: DirectoryLookup): RuleCheck {
  try {
    return { ok: true, rule: check(kind, merged, lookup) };
  } catch (error) {
    if (error instanceof RuleInputError) return { ok: false, message: error.message };
    throw error;
  }
}
