/**
 * The policies slice: one member and one owner policy per PIM-onboarded group. A group is onboarded when the
 * fixture names it (eligibility, assignment or policy override) or when PIM first creates a schedule for it.
 */
import { defaultRules } from "./rule-catalogue";
import { stableGuid } from "./stable-guid";
import type { AccessId, PolicyRule, RuleId, RulesById } from "./rule-types";

export const POLICIES = "policies";

export interface StoredPolicy {
  /** `Group_{groupId}_{guid}` */
  id: string;
  /** `Group_{groupId}_{guid}_{member|owner}` */
  assignmentId: string;
  groupId: string;
  accessId: AccessId;
  lastModifiedDateTime: string | null;
  lastModifiedBy: { id: string | null; displayName: string | null };
  rules: PolicyRule[];
}

export interface PoliciesState {
  policies: StoredPolicy[];
  /** Directory role template id → member object ids (fixture), for the delegated admin checks. */
  directoryRoles: Record<string, string[]>;
}

export const accessIds: readonly AccessId[] = ["member", "owner"];

function newPolicy(groupId: string, accessId: AccessId): StoredPolicy {
  // Stable across resets, but still an opaque GUID: clients must resolve policy ids at runtime (§6.1).
  const id = `Group_${groupId}_${stableGuid("policy", groupId, accessId)}`;
  return {
    id,
    assignmentId: `${id}_${accessId}`,
    groupId,
    accessId,
    lastModifiedDateTime: null,
    lastModifiedBy: { id: null, displayName: null },
    rules: defaultRules(),
  };
}

/** Creates the member and owner policies of a group unless it already has them. Returns true when it did. */
export function onboardGroup(state: PoliciesState, groupId: string): boolean {
  const key = groupId.toLowerCase();
  if (state.policies.some((p) => p.groupId.toLowerCase() === key)) return false;
  for (const accessId of accessIds) state.policies.push(newPolicy(groupId, accessId));
  return true;
}

export function findPolicy(state: PoliciesState, groupId: string, accessId: AccessId): StoredPolicy | undefined {
  const key = groupId.toLowerCase();
  return state.policies.find((p) => p.groupId.toLowerCase() === key && p.accessId === accessId);
}

export function findPolicyById(state: PoliciesState, id: string): StoredPolicy | undefined {
  return state.policies.find((p) => p.id.toLowerCase() === id.toLowerCase());
}

/** The rules of a policy keyed by id, typed per rule. */
export function rulesById(policy: StoredPolicy): RulesById {
  const map: Partial<Record<RuleId, PolicyRule>> = {};
  for (const rule of policy.rules) map[rule.id as RuleId] = rule;
  return map as RulesById;
}
