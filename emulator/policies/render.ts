/** Wire shapes of unifiedRoleManagementPolicy and its assignment (entra-graph-api.md §6.2, §6.3). */
import type { PolicyRule } from "./rule-types";
import type { StoredPolicy } from "./state";

export function renderRule(rule: PolicyRule): Record<string, unknown> {
  const { "@odata.type": type, id, ...rest } = rule;
  return { "@odata.type": type, id, ...rest };
}

export function renderPolicy(policy: StoredPolicy): Record<string, unknown> {
  return {
    id: policy.id,
    displayName: "Group",
    description: "Group",
    isOrganizationDefault: false,
    scopeId: policy.groupId,
    scopeType: "Group",
    lastModifiedDateTime: policy.lastModifiedDateTime,
    lastModifiedBy: policy.lastModifiedBy,
  };
}

export function renderPolicyAssignment(policy: StoredPolicy): Record<string, unknown> {
  return {
    id: policy.assignmentId,
    policyId: policy.id,
    scopeId: policy.groupId,
    scopeType: "Group",
    roleDefinitionId: policy.accessId,
  };
}
