/**
 * Shared helpers for the PIM, approval, policy, ARM and scenario contract tests: the seeded ids, fixture
 * variants, delegated tokens with PIM scopes (optionally satisfying an authentication context), and small
 * wrappers over the real graph-client that the tests use to talk PIM.
 */
import { CryptoProvider } from "@azure/msal-node";
import { GraphError, type Client } from "@microsoft/microsoft-graph-client";
import tenant from "@/emulator/fixtures/tenant.json";
import type { TenantFixture } from "@/emulator/core/types";
import { signInViaForm, type TestEmulator } from "../support/emulator";

export const id = {
  tenant: "4d5e6f70-0000-4000-8000-000000000001",
  appId: "a1b2c3d4-0000-4000-8000-00000000a001",
  appSp: "a1b2c3d4-0000-4000-8000-00000000a002",
  n01: "5e4d3c2b-0000-4000-8000-00000000c001",
  n02: "5e4d3c2b-0000-4000-8000-00000000c002",
  p01: "5e4d3c2b-0000-4000-8000-00000000c101",
  p02: "5e4d3c2b-0000-4000-8000-00000000c102",
  o01: "5e4d3c2b-0000-4000-8000-00000000c201",
  a01: "5e4d3c2b-0000-4000-8000-00000000c301",
  defaultGroup: "9a8b7c6d-0000-4000-8000-00000000b000",
  admin: "9a8b7c6d-0000-4000-8000-00000000b001",
  approver: "9a8b7c6d-0000-4000-8000-00000000b002",
  auditors: "9a8b7c6d-0000-4000-8000-00000000b003",
  subscription: "0b1c2d3e-0000-4000-8000-000000000001",
};

export const PIM = "/identityGovernance/privilegedAccess/group";
export const GRAPH = "https://graph.microsoft.com";
export const clusterScope = `/subscriptions/${id.subscription}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod`;

/** The delegated scopes the app asks for (fixture-consented). */
export const pimScopes = ["PrivilegedEligibilitySchedule.Read.AzureADGroup", "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", "RoleManagementPolicy.Read.AzureADGroup"];

export function seededTenant(): TenantFixture {
  return structuredClone(tenant);
}

/**
 * The seeded tenant where the app (application and delegated) may also write policies and PIM assignments,
 * so tests can reshape a policy the way an administrator would.
 */
export function adminCapableTenant(change?: (f: TenantFixture) => void): TenantFixture {
  const fixture = seededTenant();
  const app = fixture.applications[0]!;
  app.applicationPermissions[GRAPH] = [...(app.applicationPermissions[GRAPH] ?? []), "RoleManagementPolicy.ReadWrite.AzureADGroup", "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup"];
  app.delegatedPermissions[GRAPH] = [...(app.delegatedPermissions[GRAPH] ?? []), "RoleManagementPolicy.ReadWrite.AzureADGroup"];
  change?.(fixture);
  return fixture;
}

/** A delegated token; `claims` is the step-up challenge a client passes back to /authorize. */
export async function delegatedToken(emu: TestEmulator, upn: string, scopes: string[] = pimScopes, claims?: string): Promise<string> {
  if (!claims) return (await emu.userToken(upn, scopes)).accessToken;
  const client = emu.msal();
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const url = await client.getAuthCodeUrl({ scopes, redirectUri: emu.redirectUri(), codeChallenge: challenge, codeChallengeMethod: "S256", claims });
  const signIn = await signInViaForm(url, upn);
  if (!signIn.code) throw new Error(`sign-in failed: ${signIn.error ?? ""}`);
  const r = await client.acquireTokenByCode({ code: signIn.code, scopes, redirectUri: emu.redirectUri(), codeVerifier: verifier, claims });
  return r.accessToken;
}

export async function userGraph(emu: TestEmulator, upn: string, scopes?: string[]): Promise<Client> {
  return emu.graph(await delegatedToken(emu, upn, scopes));
}

export async function appGraph(emu: TestEmulator): Promise<Client> {
  return emu.graph(await emu.appToken("graph"));
}

export async function graphError(request: Promise<unknown>): Promise<GraphError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

export interface RequestBody {
  action: string;
  principalId?: string;
  groupId?: string;
  accessId?: string;
  justification?: string | null;
  duration?: string;
  startDateTime?: string;
  ticketNumber?: string;
  isValidationOnly?: boolean;
}

/** A schedule request body in the documented shape (§4.3). */
export function requestBody(b: RequestBody): Record<string, unknown> {
  const isRemoval = /deactivate|remove/i.test(b.action);
  return {
    accessId: b.accessId ?? "member",
    principalId: b.principalId ?? id.n01,
    groupId: b.groupId ?? id.admin,
    action: b.action,
    ...(b.justification === undefined ? { justification: "Hotfix INC-4711 on prod cluster" } : b.justification === null ? {} : { justification: b.justification }),
    ...(isRemoval ? {} : { scheduleInfo: { ...(b.startDateTime ? { startDateTime: b.startDateTime } : {}), expiration: { type: "afterDuration", duration: b.duration ?? "PT1H" } } }),
    ...(b.ticketNumber ? { ticketInfo: { ticketNumber: b.ticketNumber, ticketSystem: "ServiceNow" } } : {}),
    ...(b.isValidationOnly ? { isValidationOnly: true } : {}),
  };
}

export interface PimRequest {
  id: string;
  status: string;
  approvalId: string | null;
  targetScheduleId: string | null;
  createdDateTime: string;
  completedDateTime: string | null;
  scheduleInfo: { startDateTime: string; expiration: { type: string; duration: string | null; endDateTime: string | null } };
  [key: string]: unknown;
}

export async function postRequest(client: Client, body: Record<string, unknown>): Promise<PimRequest> {
  return (await client.api(`${PIM}/assignmentScheduleRequests`).post(body)) as PimRequest;
}

export interface Stage {
  id: string;
  status: string;
  reviewResult: string;
  assignedToMe: boolean;
  justification: string;
  reviewedBy: { id: string; displayName: string | null } | null;
  reviewedDateTime: string | null;
}

export async function stagesOf(client: Client, approvalId: string): Promise<Stage[]> {
  const approval = (await client.api(`${PIM}/assignmentApprovals/${approvalId}`).expand("stages").get()) as { stages: Stage[] };
  return approval.stages;
}

export async function decide(client: Client, approvalId: string, stageId: string, reviewResult: string, justification = "Change ticket verified"): Promise<void> {
  await client.api(`${PIM}/assignmentApprovals/${approvalId}/stages/${stageId}`).patch({ reviewResult, justification });
}

export async function transitiveMemberIds(client: Client, groupId: string): Promise<string[]> {
  const page = (await client.api(`/groups/${groupId}/transitiveMembers`).get()) as { value: { id: string }[] };
  return page.value.map((m) => m.id);
}

/** Finds the member policy of a group and PATCHes one of its rules (as an administrator would). */
export async function patchMemberRule(client: Client, groupId: string, ruleId: string, body: Record<string, unknown>): Promise<void> {
  const list = (await client
    .api("/policies/roleManagementPolicyAssignments")
    .filter(`scopeId eq '${groupId}' and scopeType eq 'Group' and roleDefinitionId eq 'member'`)
    .get()) as { value: { policyId: string }[] };
  const policyId = list.value[0]?.policyId;
  if (!policyId) throw new Error("no member policy");
  await client.api(`/policies/roleManagementPolicies/${policyId}/rules/${ruleId}`).patch(body);
}

export const noApproval = {
  "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
  id: "Approval_EndUser_Assignment",
  setting: { isApprovalRequired: false },
};
