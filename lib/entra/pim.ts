/**
 * Typed wrappers for PIM for Groups (entra-graph-api.md §3–§6). Responses are validated loosely: the fields
 * the app relies on must be present, anything else is ignored. Enum values are compared case-insensitively
 * because Graph mixes `Provisioned` and `provisioned` styles (§0).
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getAllPages, type GraphClient } from "./graph";
import { formatIsoDurationMinutes, parseIsoDurationMinutes } from "./iso-duration";

export { describeMinutes, formatIsoDurationMinutes, parseIsoDurationMinutes } from "./iso-duration";
export { isGraphError, mapPimError, retryAfterSeconds, type PimError, type PimErrorKind } from "./pim-errors";

const PIM = "/identityGovernance/privilegedAccess/group";
/** OData string literal: quotes doubled. Ids are GUIDs, but never build a filter by plain concatenation. */
const lit = (value: string) => `'${value.replace(/'/g, "''")}'`;

const str = z.string();
const optStr = z.string().nullish().transform((v) => v ?? null);

const requestSchema = z.looseObject({
  id: str,
  status: str,
  action: optStr,
  approvalId: optStr,
  principalId: str,
  groupId: str,
  accessId: optStr,
  createdDateTime: optStr,
  completedDateTime: optStr,
  targetScheduleId: optStr,
  justification: optStr,
});
export type PimRequest = z.infer<typeof requestSchema>;

const instanceSchema = z.looseObject({
  id: str,
  principalId: str,
  groupId: str,
  accessId: optStr,
  startDateTime: optStr,
  endDateTime: optStr,
  assignmentType: optStr,
  memberType: optStr,
  assignmentScheduleId: optStr,
});
export type PimInstance = z.infer<typeof instanceSchema>;

const eligibilitySchema = z.looseObject({
  id: str,
  principalId: str,
  groupId: str,
  accessId: str,
  memberType: optStr,
  startDateTime: optStr,
  endDateTime: optStr,
});
export type PimEligibility = z.infer<typeof eligibilitySchema>;

const stageSchema = z.looseObject({
  id: str,
  status: optStr,
  reviewResult: optStr,
  assignedToMe: z.boolean().nullish(),
  justification: optStr,
  reviewedDateTime: optStr,
  reviewedBy: z.looseObject({ id: optStr, displayName: optStr }).nullish(),
});
export type ApprovalStage = z.infer<typeof stageSchema>;

const list = <T extends z.ZodType>(item: T) => z.looseObject({ value: z.array(item), "@odata.nextLink": z.string().optional() });

/** "PendingApproval" → "pendingapproval": one spelling for comparisons. */
export const pimStatus = (status: string | null | undefined) => (status ?? "").toLowerCase();

/** PIM statuses meaning "granted": membership exists now or at the scheduled start. */
export const isGrantedStatus = (s: string) => ["provisioned", "granted", "pendingprovisioning", "schedulecreated", "pendingschedulecreation"].includes(pimStatus(s));
export const isPendingApprovalStatus = (s: string) => ["pendingapproval", "pendingadmindecision"].includes(pimStatus(s));

export async function listMyEligibilities(client: GraphClient, groupId: string): Promise<PimEligibility[]> {
  const res: unknown = await client.api(`${PIM}/eligibilityScheduleInstances/filterByCurrentUser(on='principal')`).filter(`groupId eq ${lit(groupId)}`).get();
  const page = list(eligibilitySchema).parse(res);
  return (await getAllPages(client, page)).map((e) => eligibilitySchema.parse(e));
}

export interface ActivationInput {
  principalId: string;
  groupId: string;
  durationMinutes: number;
  justification: string;
  ticketNumber?: string | null;
  ticketSystem?: string | null;
  start: Date;
}

export async function selfActivate(client: GraphClient, input: ActivationInput): Promise<PimRequest> {
  const body = {
    accessId: "member",
    principalId: input.principalId,
    groupId: input.groupId,
    action: "selfActivate",
    scheduleInfo: {
      startDateTime: input.start.toISOString(),
      expiration: { type: "afterDuration", duration: formatIsoDurationMinutes(input.durationMinutes) },
    },
    justification: input.justification,
    ...(input.ticketNumber ? { ticketInfo: { ticketNumber: input.ticketNumber, ticketSystem: input.ticketSystem ?? null } } : {}),
  };
  return requestSchema.parse(await client.api(`${PIM}/assignmentScheduleRequests`).post(body));
}

export async function selfDeactivate(client: GraphClient, input: { principalId: string; groupId: string; justification: string }): Promise<PimRequest> {
  const body = { accessId: "member", principalId: input.principalId, groupId: input.groupId, action: "selfDeactivate", justification: input.justification };
  return requestSchema.parse(await client.api(`${PIM}/assignmentScheduleRequests`).post(body));
}

export async function cancelPimRequest(client: GraphClient, requestId: string): Promise<void> {
  await client.api(`${PIM}/assignmentScheduleRequests/${encodeURIComponent(requestId)}/cancel`).post({});
}

export async function getPimRequest(client: GraphClient, requestId: string): Promise<PimRequest> {
  return requestSchema.parse(await client.api(`${PIM}/assignmentScheduleRequests/${encodeURIComponent(requestId)}`).get());
}

/** Requests of one principal for one group, newest first: re-query before re-submitting (§15.4). */
export async function findPimRequests(client: GraphClient, q: { principalId: string; groupId: string }): Promise<PimRequest[]> {
  const res: unknown = await client.api(`${PIM}/assignmentScheduleRequests`).filter(`groupId eq ${lit(q.groupId)} and principalId eq ${lit(q.principalId)}`).get();
  const items = (await getAllPages(client, list(requestSchema).parse(res))).map((r) => requestSchema.parse(r));
  return items.sort((a, b) => (b.createdDateTime ?? "").localeCompare(a.createdDateTime ?? ""));
}

export async function getApproval(client: GraphClient, approvalId: string): Promise<{ id: string; stages: ApprovalStage[] }> {
  const res: unknown = await client.api(`${PIM}/assignmentApprovals/${encodeURIComponent(approvalId)}`).expand("stages").get();
  return z.looseObject({ id: str, stages: z.array(stageSchema).default([]) }).parse(res);
}

/** Approve or deny one stage with the approver's delegated token; 204 on success, 409 when already decided. */
export async function decideApprovalStage(
  client: GraphClient,
  approvalId: string,
  stageId: string,
  decision: { reviewResult: "Approve" | "Deny"; justification: string },
): Promise<void> {
  await client.api(`${PIM}/assignmentApprovals/${encodeURIComponent(approvalId)}/stages/${encodeURIComponent(stageId)}`).patch(decision);
}

export async function listActiveInstances(client: GraphClient, q: { groupId: string; principalId?: string }): Promise<PimInstance[]> {
  const filter = `groupId eq ${lit(q.groupId)}${q.principalId ? ` and principalId eq ${lit(q.principalId)}` : ""}`;
  const res: unknown = await client.api(`${PIM}/assignmentScheduleInstances`).filter(filter).get();
  return (await getAllPages(client, list(instanceSchema).parse(res))).map((i) => instanceSchema.parse(i));
}

// ---------------------------------------------------------------------------------------------
// The member policy of a group (§6): what a requester may ask for, and who PIM lets approve.

const ruleSchema = z.looseObject({ id: str });
const policyAssignmentsSchema = list(
  z.looseObject({ policyId: optStr, policy: z.looseObject({ id: str, rules: z.array(ruleSchema).default([]) }).nullish() }),
);

export interface PimPolicy {
  policyId: string;
  /** Longest activation allowed; null when the policy does not require expiration. */
  maxDurationMinutes: number | null;
  isJustificationRequired: boolean;
  isTicketRequired: boolean;
  isMfaRequired: boolean;
  isApprovalRequired: boolean;
  /** `groupMembers` primary approvers of every stage. */
  approverGroupIds: string[];
  /** `singleUser` primary approvers. */
  approverUserIds: string[];
  /** Conditional Access authentication context required for activation (e.g. "c1"), if enabled. */
  authContext: string | null;
}

type Rule = Record<string, unknown>;

/** Pure: the end-user activation rules of a member policy, from its `rules` array. */
export function parseMemberPolicy(policyId: string, rules: readonly Rule[]): PimPolicy {
  const rule = (id: string) => rules.find((r) => typeof r.id === "string" && r.id.toLowerCase() === id.toLowerCase());
  const expiration = rule("Expiration_EndUser_Assignment");
  const enabled = ((rule("Enablement_EndUser_Assignment")?.enabledRules as unknown[]) ?? []).map((v) => String(v).toLowerCase());
  const setting = (rule("Approval_EndUser_Assignment")?.setting ?? {}) as { isApprovalRequired?: boolean; approvalStages?: { primaryApprovers?: Rule[] }[] };
  const approvers = (setting.approvalStages ?? []).flatMap((s) => s.primaryApprovers ?? []);
  const ofType = (t: string, key: string) =>
    approvers
      .filter((a) => typeof a["@odata.type"] === "string" && a["@odata.type"].toLowerCase().endsWith(t))
      .map((a) => a[key])
      .filter((v): v is string => typeof v === "string");
  const authContext = rule("AuthenticationContext_EndUser_Assignment");
  const maxDuration = typeof expiration?.maximumDuration === "string" ? parseIsoDurationMinutes(expiration.maximumDuration) : undefined;
  return {
    policyId,
    maxDurationMinutes: expiration?.isExpirationRequired === false ? null : (maxDuration ?? null),
    isJustificationRequired: enabled.includes("justification"),
    isTicketRequired: enabled.includes("ticketing"),
    isMfaRequired: enabled.includes("multifactorauthentication"),
    isApprovalRequired: setting.isApprovalRequired === true,
    approverGroupIds: ofType("groupmembers", "groupId"),
    approverUserIds: ofType("singleuser", "userId"),
    authContext: authContext?.isEnabled === true && typeof authContext.claimValue === "string" ? authContext.claimValue : null,
  };
}

export async function getMemberPolicy(client: GraphClient, groupId: string): Promise<PimPolicy> {
  const res: unknown = await client
    .api("/policies/roleManagementPolicyAssignments")
    .filter(`scopeId eq ${lit(groupId)} and scopeType eq 'Group' and roleDefinitionId eq 'member'`)
    .expand("policy($expand=rules)")
    .get();
  const policy = policyAssignmentsSchema.parse(res).value[0]?.policy;
  if (!policy) {
    // A group that was never onboarded to PIM has no policy assignment at all (§6.1).
    throw new AppError("misconfigured", `PIM is not set up for group ${groupId}: it has no member policy.`);
  }
  return parseMemberPolicy(policy.id, policy.rules);
}
