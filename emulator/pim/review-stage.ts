/**
 * Approve/deny one approval stage (PATCH …/assignmentApprovals/{id}/stages/{stageId}, §5.4). Checks in order:
 * the caller is an approver of the stage and not the requester (403) → the body says Approve or Deny (400) →
 * the stage is still open (409; the first approver wins) → justification when the stage requires one (400).
 */
import { GraphError } from "../core/types";
import { isPlainObject } from "../policies/deep-merge";
import { type ApproverDirectory, isListedApprover } from "./approvals";
import { graphTime, sameId } from "./graph-time";
import type { Approval, ApprovalStageState } from "./model";

export type ReviewOutcome = "approved" | "approvedStage" | "denied";

export interface Reviewer {
  id: string;
  displayName: string | null;
}

export function notAnApprover(): GraphError {
  return new GraphError(403, "Forbidden", "The caller is not an approver of this request.");
}

function parseBody(body: unknown): { decision: "Approve" | "Deny"; justification: string } {
  if (!isPlainObject(body)) throw new GraphError(400, "BadRequest", "The request body must be a JSON object.");
  const raw = body.reviewResult;
  const decision = typeof raw === "string" ? (["Approve", "Deny"] as const).find((d) => d.toLowerCase() === raw.toLowerCase()) : undefined;
  if (!decision) throw new GraphError(400, "BadRequest", "Property 'reviewResult' must be 'Approve' or 'Deny'.");
  const justification = body.justification ?? "";
  if (typeof justification !== "string") throw new GraphError(400, "BadRequest", "Property 'justification' must be a string.");
  return { decision, justification };
}

/** Validates and records the decision on `stage` (mutates it); the caller applies the outcome to the request. */
export function reviewStage(input: {
  approval: Approval;
  stage: ApprovalStageState;
  reviewer: Reviewer;
  body: unknown;
  isRequestPending: boolean;
  nowMs: number;
  dir: ApproverDirectory;
}): ReviewOutcome {
  const { approval, stage, reviewer } = input;
  if (!isListedApprover(stage.approvers, reviewer.id, input.dir)) throw notAnApprover();
  if (sameId(approval.requesterId, reviewer.id)) throw new GraphError(403, "Forbidden", "A requestor cannot approve their own request.");
  const { decision, justification } = parseBody(input.body);
  if (stage.status !== "InProgress" || !input.isRequestPending) {
    throw new GraphError(409, "Conflict", "The approval stage has already been completed and cannot be reviewed again.");
  }
  if (stage.isApproverJustificationRequired && justification.trim() === "") {
    throw new GraphError(400, "BadRequest", "A justification is required to review this approval.");
  }
  stage.status = "Completed";
  stage.reviewResult = decision === "Approve" ? "Approved" : "Denied";
  stage.reviewedBy = { id: reviewer.id, displayName: reviewer.displayName };
  stage.reviewedDateTime = graphTime(input.nowMs);
  stage.justification = justification;
  if (decision === "Deny") return "denied";
  const next = approval.stages.find((s) => s.status === "Initializing");
  if (next) {
    next.status = "InProgress";
    return "approvedStage";
  }
  return "approved";
}
