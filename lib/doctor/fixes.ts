/**
 * Remedies as exact commands with the real ids filled in. Azure CLI for ARM and the app registration; `az rest`
 * for PIM policy rules (there is no az command for PIM for Groups), with the portal path as the alternative.
 */
import { formatIsoDurationMinutes } from "@/lib/entra/iso-duration";
import { MICROSOFT_GRAPH_APP_ID, type GraphPermission } from "./graph-permissions";
import type { AzureRole } from "./azure-roles";

/** Single-quoted for POSIX shells unless it is plainly safe. */
export function sh(value: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

export function grantGraphPermissions(clientId: string, permissions: readonly GraphPermission[]): string {
  return [
    ...permissions.map((p) => `az ad app permission add --id ${clientId} --api ${MICROSOFT_GRAPH_APP_ID} --api-permissions ${p.id}=Role   # ${p.name}`),
    `az ad app permission admin-consent --id ${clientId}`,
  ].join("\n");
}

export function assignRole(principal: { id: string; type: "Group" | "User" | "ServicePrincipal" }, role: AzureRole, scope: string): string {
  return `az role assignment create --assignee-object-id ${principal.id} --assignee-principal-type ${principal.type} --role ${role.id} --scope ${sh(scope)}   # ${role.name}`;
}

export function deleteRoleAssignments(ids: readonly string[]): string {
  return `az role assignment delete --ids ${ids.map(sh).join(" ")}`;
}

/** Where PIM for Groups settings live in the Entra admin center. */
export function pimSettingsPortalPath(groupName: string): string {
  return `Portal: Microsoft Entra admin center → Identity Governance → Privileged Identity Management → Groups → ${groupName} → Settings → Member → Edit`;
}

const ruleTarget = { caller: "EndUser", operations: ["All"], level: "Assignment", inheritableSettings: [], enforcedSettings: [] };

/** PATCH of one end-user activation rule of the member policy (entra-graph-api.md §6.5: full rule with @odata.type). */
export function patchPolicyRule(graphBaseUrl: string, policyId: string, rule: Record<string, unknown>): string {
  const url = `${graphBaseUrl.replace(/\/+$/, "")}/v1.0/policies/roleManagementPolicies/${policyId}/rules/${String(rule.id)}`;
  const body = JSON.stringify({ ...rule, target: ruleTarget });
  // az rest picks the token audience from the URL for graph.microsoft.com; anything else needs it spelled out.
  const resource = new URL(url).hostname === "graph.microsoft.com" ? "" : " --resource https://graph.microsoft.com";
  return [`az rest --method patch${resource}`, `  --url ${sh(url)}`, "  --headers Content-Type=application/json", `  --body ${sh(body)}`].join(" \\\n");
}

export function approvalRule(approverGroupId: string, approverGroupName: string): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
    id: "Approval_EndUser_Assignment",
    setting: {
      isApprovalRequired: true,
      isApprovalRequiredForExtension: false,
      isRequestorJustificationRequired: true,
      approvalMode: "SingleStage",
      approvalStages: [
        {
          approvalStageTimeOutInDays: 1,
          isApproverJustificationRequired: true,
          escalationTimeInMinutes: 0,
          isEscalationEnabled: false,
          primaryApprovers: [{ "@odata.type": "#microsoft.graph.groupMembers", groupId: approverGroupId, description: approverGroupName }],
          escalationApprovers: [],
        },
      ],
    },
  };
}

export function expirationRule(maximumMinutes: number): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
    id: "Expiration_EndUser_Assignment",
    isExpirationRequired: true,
    maximumDuration: formatIsoDurationMinutes(maximumMinutes),
  };
}

export function enablementRule(enabledRules: readonly string[]): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
    id: "Enablement_EndUser_Assignment",
    enabledRules: [...enabledRules],
  };
}
