/**
 * PIM approvals (entra-graph-api.md §5): who may decide a stage, and the approval record a PendingApproval
 * request gets. Approvers are the policy's primary approvers as they were when the request was made;
 * `groupMembers` approvers are resolved live (transitively unless switched off). Owners are never implicit
 * approvers, and a requester never approves their own request.
 */
import { randomUUID } from "node:crypto";
import type { DirectoryService } from "../core/types";
import type { ApprovalStage, SubjectSet } from "../policies/rule-types";
import { graphTime, sameId } from "./graph-time";
import type { AccessId, Approval, ApprovalStageState } from "./model";

/** PIM's approval window is 24 hours and not configurable (§4.9). */
export const APPROVAL_WINDOW_MS = 24 * 3_600_000;

export interface ApproverDirectory {
  directory: DirectoryService;
  isTransitive: boolean;
}

export function isListedApprover(approvers: readonly SubjectSet[], userId: string, { directory, isTransitive }: ApproverDirectory): boolean {
  return approvers.some((a) => {
    if (a["@odata.type"] === "#microsoft.graph.singleUser") return sameId(a.userId, userId);
    if (!a.groupId) return false;
    if (isTransitive) return directory.isTransitiveMember(a.groupId, userId);
    return directory.getGroup(a.groupId)?.members.some((m) => sameId(m, userId)) ?? false;
  });
}

/** Approver of any stage (may read the approval). */
export function isApproverOfApproval(approval: Approval, userId: string, dir: ApproverDirectory): boolean {
  return approval.stages.some((s) => isListedApprover(s.approvers, userId, dir));
}

/** The stage currently awaiting a decision. */
export function openStage(approval: Approval): ApprovalStageState | undefined {
  return approval.stages.find((s) => s.status === "InProgress");
}

/** `assignedToMe`: the stage is open, the caller is one of its approvers and not the requester. */
export function isAssignedTo(approval: Approval, stage: ApprovalStageState, userId: string, dir: ApproverDirectory): boolean {
  return stage.status === "InProgress" && !sameId(approval.requesterId, userId) && isListedApprover(stage.approvers, userId, dir);
}

export function createApproval(input: {
  requestId: string;
  requesterId: string;
  groupId: string;
  accessId: AccessId;
  stages: readonly ApprovalStage[];
  nowMs: number;
}): Approval {
  return {
    id: input.requestId,
    requesterId: input.requesterId,
    groupId: input.groupId,
    accessId: input.accessId,
    createdDateTime: graphTime(input.nowMs),
    expiresDateTime: graphTime(input.nowMs + APPROVAL_WINDOW_MS),
    stages: input.stages.map((stage, index) => ({
      id: randomUUID(),
      displayName: null,
      status: index === 0 ? "InProgress" : "Initializing",
      reviewResult: "NotReviewed",
      reviewedBy: null,
      reviewedDateTime: null,
      justification: "",
      approvers: structuredClone(stage.primaryApprovers),
      isApproverJustificationRequired: stage.isApproverJustificationRequired,
    })),
  };
}
