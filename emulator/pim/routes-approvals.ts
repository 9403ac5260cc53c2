/**
 * PIM approvals (§5), delegated only: get an approval (stages with `$expand=stages`, or always per option),
 * its stages, the approvals awaiting the caller, and the PATCH that approves or denies a stage (`steps` is
 * accepted as an alias of `stages`, as one v1.0 doc revision printed it).
 */
import { contextUrl, findExpand, parseODataQuery } from "../core/odata";
import { requirePermission } from "../core/permissions";
import { GraphError, type Caller, type Ctx, type HttpResult, type Router } from "../core/types";
import { isApproverOfApproval, isAssignedTo, openStage, type ApproverDirectory } from "./approvals";
import { PIM_BASE } from "./collections";
import { approvalNotFound, decideApproval } from "./decide-approval";
import { sameId } from "./graph-time";
import { PIM, type Approval, type ApprovalStageState, type PimState } from "./model";
import { notAnApprover } from "./review-stage";

const READ = "PrivilegedAssignmentSchedule.Read.AzureADGroup";
const WRITE = "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup";
const ENTITY_SET = "identityGovernance/privilegedAccess/group/assignmentApprovals";

function approverDirectory(ctx: Ctx): ApproverDirectory {
  return { directory: ctx.services.directory, isTransitive: ctx.services.options().approverGroupMembersTransitive };
}

function delegatedCaller(ctx: Ctx, scope: string): Caller {
  const caller = ctx.caller();
  // Application permissions are "Not supported" for every approval endpoint (§5.1).
  requirePermission(caller, { delegated: [scope], application: [], style: "pim" });
  return caller;
}

function readableApproval(ctx: Ctx, caller: Caller): Approval {
  const id = ctx.params.id ?? "";
  const approval = ctx.services.slice<PimState>(PIM).approvals.find((a) => sameId(a.id, id));
  if (!approval) throw approvalNotFound(id);
  if (!isApproverOfApproval(approval, caller.objectId, approverDirectory(ctx))) throw notAnApprover();
  return approval;
}

function renderStage(ctx: Ctx, approval: Approval, stage: ApprovalStageState, caller: Caller): Record<string, unknown> {
  return {
    id: stage.id,
    displayName: stage.displayName,
    reviewedDateTime: stage.reviewedDateTime,
    reviewResult: stage.reviewResult,
    status: stage.status,
    assignedToMe: isAssignedTo(approval, stage, caller.objectId, approverDirectory(ctx)),
    justification: stage.justification,
    reviewedBy: stage.reviewedBy,
  };
}

function wantsStages(ctx: Ctx): boolean {
  const query = parseODataQuery(ctx.url, { style: "pim", expandable: ["stages"], entityType: "microsoft.graph.approval" });
  return findExpand(query.expand, "stages") !== undefined || ctx.services.options().stagesWithoutExpand;
}

function renderApproval(ctx: Ctx, approval: Approval, caller: Caller, withStages: boolean): Record<string, unknown> {
  return { id: approval.id, ...(withStages ? { stages: approval.stages.map((s) => renderStage(ctx, approval, s, caller)) } : {}) };
}

function findStage(approval: Approval, stageId: string): ApprovalStageState {
  const stage = approval.stages.find((s) => sameId(s.id, stageId));
  if (!stage) throw new GraphError(404, "ResourceNotFound", `The approval stage '${stageId}' was not found.`);
  return stage;
}

async function patchStage(ctx: Ctx): Promise<HttpResult> {
  const caller = delegatedCaller(ctx, WRITE);
  decideApproval(ctx.services, caller, ctx.params.id ?? "", ctx.params.stageId ?? "", await ctx.json());
  return { status: 204 };
}

export function registerApprovalRoutes(router: Router): void {
  const base = `${PIM_BASE}/assignmentApprovals`;

  router.add("graph", "GET", `${base}/filterByCurrentUser(on=':on')`, (ctx) => {
    const caller = delegatedCaller(ctx, READ);
    if ((ctx.params.on ?? "").toLowerCase() !== "approver") {
      throw new GraphError(400, "BadRequest", `The value '${ctx.params.on ?? ""}' is not valid for parameter 'on'. Only 'approver' is supported.`);
    }
    const withStages = wantsStages(ctx);
    const dir = approverDirectory(ctx);
    const state = ctx.services.slice<PimState>(PIM);
    const waiting = state.approvals.filter((a) => {
      const stage = openStage(a);
      const request = state.requests.find((r) => r.family === "assignment" && sameId(r.id, a.id));
      return stage !== undefined && request?.status === "PendingApproval" && isAssignedTo(a, stage, caller.objectId, dir);
    });
    const value = waiting.map((a) => ({ "@odata.type": "#microsoft.graph.approval", ...renderApproval(ctx, a, caller, withStages) }));
    return { status: 200, json: { "@odata.context": contextUrl(ctx, "Collection(microsoft.graph.approval)"), value } };
  });

  router.add("graph", "GET", `${base}/:id`, (ctx) => {
    const caller = delegatedCaller(ctx, READ);
    const approval = readableApproval(ctx, caller);
    const withStages = wantsStages(ctx);
    const context = contextUrl(ctx, withStages ? `${ENTITY_SET}(stages())` : ENTITY_SET, undefined, true);
    return { status: 200, json: { "@odata.context": context, ...renderApproval(ctx, approval, caller, withStages) } };
  });

  for (const segment of ["stages", "steps"]) {
    router.add("graph", "GET", `${base}/:id/${segment}`, (ctx) => {
      const caller = delegatedCaller(ctx, READ);
      const approval = readableApproval(ctx, caller);
      const value = approval.stages.map((s) => renderStage(ctx, approval, s, caller));
      return { status: 200, json: { "@odata.context": contextUrl(ctx, `${ENTITY_SET}('${approval.id}')/${segment}`), value } };
    });
    router.add("graph", "GET", `${base}/:id/${segment}/:stageId`, (ctx) => {
      const caller = delegatedCaller(ctx, READ);
      const approval = readableApproval(ctx, caller);
      const stage = findStage(approval, ctx.params.stageId ?? "");
      const context = contextUrl(ctx, `${ENTITY_SET}('${approval.id}')/${segment}`, undefined, true);
      return { status: 200, json: { "@odata.context": context, ...renderStage(ctx, approval, stage, caller) } };
    });
    router.add("graph", "PATCH", `${base}/:id/${segment}/:stageId`, patchStage);
  }
}
