/**
 * The PIM-for-Groups slice (entra-graph-api.md §3): schedule requests, the schedules they create (each with its
 * one instance), and approvals. Plain JSON so the core can persist and dump it.
 */
import type { AccessId, SubjectSet } from "../policies/rule-types";

export const PIM = "pim";

export type { AccessId };

export type RequestStatus =
  | "Canceled"
  | "Denied"
  | "Failed"
  | "Granted"
  | "PendingAdminDecision"
  | "PendingApproval"
  | "PendingProvisioning"
  | "PendingScheduleCreation"
  | "Provisioned"
  | "Revoked"
  | "ScheduleCreated"
  | "TimedOut";

export type ScheduleAction =
  | "adminAssign"
  | "adminUpdate"
  | "adminRemove"
  | "selfActivate"
  | "selfDeactivate"
  | "adminExtend"
  | "adminRenew";

export type ExpirationType = "notSpecified" | "noExpiration" | "afterDateTime" | "afterDuration";

export interface Expiration {
  type: ExpirationType;
  endDateTime: string | null;
  duration: string | null;
}

export interface ScheduleInfo {
  startDateTime: string | null;
  recurrence: null;
  expiration: Expiration;
}

export interface IdentitySet {
  user?: { id: string; displayName: string | null };
  application?: { id: string; displayName: string | null };
}

export type Family = "assignment" | "eligibility";

export interface ScheduleRequest {
  family: Family;
  id: string;
  status: RequestStatus;
  createdDateTime: string;
  completedDateTime: string | null;
  approvalId: string | null;
  customData: string | null;
  createdBy: IdentitySet;
  action: ScheduleAction;
  isValidationOnly: boolean;
  justification: string | null;
  scheduleInfo: ScheduleInfo;
  ticketInfo: { ticketNumber: string | null; ticketSystem: string | null };
  principalId: string;
  accessId: AccessId;
  groupId: string;
  targetScheduleId: string | null;
  /** Eligibility schedule a selfActivate used (relationship `activatedUsing`). */
  activatedUsing: string | null;
}

export type MemberType = "Direct" | "Group";

/** A schedule and its single instance (PIM for Groups never materialises recurrences). */
export interface Schedule {
  family: Family;
  /** `{groupId}_{accessId}_{requestId}` */
  id: string;
  /** `{groupId}_{accessId}_{guid}` */
  instanceId: string;
  groupId: string;
  accessId: AccessId;
  principalId: string;
  memberType: MemberType;
  /** Assignments only. */
  assignmentType: "Assigned" | "Activated" | null;
  startDateTime: string;
  /** null = permanent. */
  endDateTime: string | null;
  expiration: Expiration;
  createdUsing: string;
  createdDateTime: string;
  modifiedDateTime: string | null;
  /** Eligibility schedule id an activation was made with. */
  activatedUsing: string | null;
  /** Whether the group membership this assignment stands for has been added (assignments, member access). */
  isMembershipApplied: boolean;
}

export type StageStatus = "InProgress" | "Initializing" | "Completed" | "Expired";

export interface ApprovalStageState {
  id: string;
  displayName: string | null;
  status: StageStatus;
  reviewResult: "NotReviewed" | "Approved" | "Denied";
  reviewedBy: { id: string; displayName: string | null } | null;
  reviewedDateTime: string | null;
  justification: string;
  /** Snapshot of the policy's primary approvers when the request was made. */
  approvers: SubjectSet[];
  isApproverJustificationRequired: boolean;
}

export interface Approval {
  /** == the request id */
  id: string;
  requesterId: string;
  groupId: string;
  accessId: AccessId;
  createdDateTime: string;
  /** 24 h after creation: PIM's fixed approval window. */
  expiresDateTime: string;
  stages: ApprovalStageState[];
}

export interface PimState {
  requests: ScheduleRequest[];
  schedules: Schedule[];
  approvals: Approval[];
  /** Directory role template id → member object ids (from the fixture), for admin authorization. */
  directoryRoles: Record<string, string[]>;
  /** appId → display name, for `createdBy.application`. */
  applicationNames: Record<string, string>;
}
