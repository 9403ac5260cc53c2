/**
 * Shared plumbing of the directory routes: lookups that 404 like Graph, the `ConsistencyLevel: eventual`
 * rules of advanced queries (§7.1), the caller's user-read level, and the collection pipeline
 * (filter → order → page → `$select` / default projection).
 */
import { applyQuery, contextUrl, isAdvancedFilter, page, parseODataQuery, selectProperties, type ODataQuery } from "../core/odata";
import { hasPermission } from "../core/permissions";
import { GraphError, type Caller, type Ctx, type DirectoryGroup, type DirectoryUser, type HttpResult } from "../core/types";
import { findGroup, findUser } from "./graph";
import { defaultProjection, type UserAccess } from "./render";
import type { DirectoryState } from "./state";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function directoryState(ctx: Ctx): DirectoryState {
  return ctx.services.slice<DirectoryState>("directory");
}

export function notFound(id: string): GraphError {
  return new GraphError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

export function userOr404(ctx: Ctx, idOrUpn: string): DirectoryUser {
  const user = findUser(directoryState(ctx), idOrUpn);
  if (!user) throw notFound(idOrUpn);
  return user;
}

export function groupOr404(ctx: Ctx, id: string): DirectoryGroup {
  if (!isGuid(id)) throw new GraphError(400, "Request_BadRequest", `Invalid object identifier '${id}'.`);
  const group = findGroup(directoryState(ctx), id);
  if (!group) throw notFound(id);
  return group;
}

/** `/me…` routes: app tokens have no signed-in user, which Graph reports as a 400. */
export function signedInUser(ctx: Ctx): { caller: Caller; user: DirectoryUser } {
  const caller = ctx.caller();
  if (caller.kind !== "user") throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
  return { caller, user: userOr404(ctx, caller.objectId) };
}

/** How much of a user object the caller may see (User.Read.All → full, User.ReadBasic.All → basic). */
export function userAccessOf(caller: Caller): UserAccess {
  if (hasPermission(caller, { delegated: ["User.Read.All"], application: ["User.Read.All"] })) return "full";
  if (hasPermission(caller, { delegated: ["User.ReadBasic.All"], application: ["User.ReadBasic.All"] })) return "basic";
  return "limited";
}

export function hasEventualConsistency(ctx: Ctx): boolean {
  const header = ctx.req.headers.consistencylevel;
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim().toLowerCase() === "eventual";
}

function unsupported(message: string): GraphError {
  return new GraphError(400, "Request_UnsupportedQuery", message);
}

export interface DirectoryQueryOptions {
  selectable: readonly string[];
  entityType: string;
  /**
   * "relationship" (members, memberOf…): $filter/$orderby/$count/$search all need ConsistencyLevel: eventual.
   * "entitySet" (/users, /groups): basic filters work without it; $count/$search/advanced filters need it.
   * "entity" (single object): only $select matters.
   */
  kind: "relationship" | "entitySet" | "entity";
}

export function parseDirectoryQuery(ctx: Ctx, options: DirectoryQueryOptions): ODataQuery {
  const query = parseODataQuery(ctx.url, { style: "directory", selectable: options.selectable, entityType: options.entityType });
  if (options.kind === "entity") return query;
  const isEventual = hasEventualConsistency(ctx);
  const needsEventual: string[] = [];
  if (query.search !== undefined) needsEventual.push("$search");
  if (query.count) needsEventual.push("$count");
  if (options.kind === "relationship") {
    if (query.filter) needsEventual.push("$filter");
    if (query.orderBy.length > 0) needsEventual.push("$orderby");
  } else if (query.filter && isAdvancedFilter(query.filter)) {
    needsEventual.push("this $filter");
  }
  if (needsEventual.length > 0 && !isEventual) {
    throw unsupported(`Unsupported Query. ${needsEventual.join(", ")} on this collection requires the request header 'ConsistencyLevel: eventual'.`);
  }
  if (query.search !== undefined) throw unsupported("$search is not supported by the tenant emulator.");
  return query;
}

/** Collection response: filter/order on the full JSON, then page with `$select` or the default projection. */
export function collectionResult(ctx: Ctx, rows: Record<string, unknown>[], query: ODataQuery, entitySet: string): HttpResult {
  const projected = applyQuery(rows, query).map((row) => (query.select ? selectProperties(row, query.select) : defaultProjection(row)));
  const json = page(projected, query, { request: ctx, entitySet, pageSize: ctx.services.options().directoryPageSize });
  return { status: 200, json };
}

/** Single-entity response with `…#users/$entity`-style context and no `@odata.type` (the context names it). */
export function entityResult(ctx: Ctx, row: Record<string, unknown>, query: ODataQuery, entitySet: string): HttpResult {
  const projected = query.select ? selectProperties(row, query.select) : defaultProjection(row);
  delete projected["@odata.type"];
  return { status: 200, json: { "@odata.context": contextUrl(ctx, entitySet, query.select, true), ...projected } };
}
