/**
 * GET routes of the six PIM collections: list (a `$filter` on groupId or principalId is required), get by id,
 * and `filterByCurrentUser(on='…')` with the `on` values each collection allows, plus `$filter`, `$expand`,
 * `$select`, `$top`, `$orderby` and absolute nextLink paging.
 */
import { applyQuery, contextUrl, page, parseODataQuery, requiredEqualities, selectProperties, type ExpandItem, type ODataQuery } from "../core/odata";
import { requirePermission } from "../core/permissions";
import { GraphError, type Caller, type Ctx, type HttpResult, type Router } from "../core/types";
import { isAssignedTo, openStage } from "./approvals";
import { collections, PIM_BASE, type CollectionSpec } from "./collections";
import { sameId } from "./graph-time";
import { PIM, type PimState } from "./model";
import { canReadGroupPim, canReadPrincipalPim, canSeeRow, insufficientPrivileges } from "./read-access";
import { rowsOf, type Row } from "./rows";

const PAGE_SIZE = 100;

function readAs(ctx: Ctx, spec: CollectionSpec): Caller {
  const caller = ctx.caller();
  requirePermission(caller, { delegated: [spec.readScope], application: [spec.readScope], style: "pim" });
  return caller;
}

function queryFor(ctx: Ctx, spec: CollectionSpec): ODataQuery {
  return parseODataQuery(ctx.url, {
    style: "pim",
    filterable: spec.filterable,
    expandable: spec.expandable,
    entityType: `microsoft.graph.${spec.entityType}`,
  });
}

function withExpansions(item: Record<string, unknown>, row: Row | undefined, expand: readonly ExpandItem[]): Record<string, unknown> {
  if (!row) return item;
  const out = { ...item };
  for (const e of expand) out[e.name] = row.expand(e.name, e);
  return out;
}

function respondCollection(ctx: Ctx, rows: Row[], query: ODataQuery, entitySet: string, typed: string | undefined): HttpResult {
  const byJson = new Map(rows.map((r) => [r.json, r]));
  const ordered = applyQuery(
    rows.map((r) => r.json),
    query,
  );
  const result = page(ordered, query, { request: ctx, entitySet, pageSize: PAGE_SIZE });
  result.value = result.value.map((item, i) => {
    const withType = typed ? { "@odata.type": typed, ...item } : item;
    return withExpansions(withType, byJson.get(ordered[query.offset + i] ?? {}), query.expand);
  });
  return { status: 200, json: result };
}

function listHandler(spec: CollectionSpec) {
  return (ctx: Ctx): HttpResult => {
    const caller = readAs(ctx, spec);
    const query = queryFor(ctx, spec);
    const equalities = requiredEqualities(query.filter);
    const groupId = equalities.get("groupid");
    const principalId = equalities.get("principalid");
    if (typeof groupId !== "string" && typeof principalId !== "string") {
      throw new GraphError(400, "BadRequest", `A $filter on groupId or principalId is required to list ${spec.segment}.`);
    }
    if (typeof groupId === "string" && !canReadGroupPim(ctx.services, caller, groupId)) throw insufficientPrivileges();
    if (typeof groupId !== "string" && typeof principalId === "string" && !canReadPrincipalPim(ctx.services, caller, principalId)) {
      throw insufficientPrivileges();
    }
    const rows = rowsOf(ctx.services, spec.family, spec.kind, typeof principalId === "string" ? principalId : undefined);
    return respondCollection(ctx, rows, query, `identityGovernance/privilegedAccess/group/${spec.segment}`, undefined);
  };
}

function rowsForCurrentUser(ctx: Ctx, spec: CollectionSpec, caller: Caller, on: string): Row[] {
  const me = caller.objectId;
  if (on === "principal") return rowsOf(ctx.services, spec.family, spec.kind, me).filter((r) => sameId(r.principalId, me));
  if (on === "createdBy") return rowsOf(ctx.services, spec.family, spec.kind).filter((r) => sameId(r.creatorId, me));
  // on=approver: requests waiting for this caller's decision.
  const state = ctx.services.slice<PimState>(PIM);
  const dir = { directory: ctx.services.directory, isTransitive: ctx.services.options().approverGroupMembersTransitive };
  return rowsOf(ctx.services, spec.family, spec.kind).filter((r) => {
    const approval = state.approvals.find((a) => sameId(a.id, r.request?.approvalId));
    const stage = approval && openStage(approval);
    return approval !== undefined && stage !== undefined && r.request?.status === "PendingApproval" && isAssignedTo(approval, stage, me, dir);
  });
}

function currentUserHandler(spec: CollectionSpec) {
  return (ctx: Ctx): HttpResult => {
    const caller = readAs(ctx, spec);
    const on = spec.onValues.find((v) => v.toLowerCase() === (ctx.params.on ?? "").toLowerCase());
    if (!on) {
      throw new GraphError(400, "BadRequest", `The value '${ctx.params.on ?? ""}' is not valid for parameter 'on'. Allowed: ${spec.onValues.join(", ")}.`);
    }
    const query = queryFor(ctx, spec);
    const type = `microsoft.graph.${spec.entityType}`;
    return respondCollection(ctx, rowsForCurrentUser(ctx, spec, caller, on), query, `Collection(${type})`, `#${type}`);
  };
}

function getHandler(spec: CollectionSpec) {
  return (ctx: Ctx): HttpResult => {
    const caller = readAs(ctx, spec);
    const query = queryFor(ctx, spec);
    const id = ctx.params.id ?? "";
    const row = rowsOf(ctx.services, spec.family, spec.kind, caller.kind === "user" ? caller.objectId : undefined).find((r) => sameId(String(r.json.id), id));
    if (!row) throw new GraphError(404, "ResourceNotFound", `The ${spec.entityType} '${id}' was not found.`);
    if (!canSeeRow(ctx.services, caller, row)) throw insufficientPrivileges();
    const entitySet = `identityGovernance/privilegedAccess/group/${spec.segment}`;
    const body = withExpansions(selectProperties(row.json, query.select), row, query.expand);
    return { status: 200, json: { "@odata.context": contextUrl(ctx, entitySet, query.select, true), ...body } };
  };
}

export function registerCollectionRoutes(router: Router): void {
  for (const spec of collections) {
    const base = `${PIM_BASE}/${spec.segment}`;
    router.add("graph", "GET", base, listHandler(spec));
    router.add("graph", "GET", `${base}/filterByCurrentUser(on=':on')`, currentUserHandler(spec));
    router.add("graph", "GET", `${base}/:id`, getHandler(spec));
  }
}
