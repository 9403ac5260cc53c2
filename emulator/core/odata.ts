/**
 * OData query options for emulated Graph collections: parse once per request with `parseODataQuery`, then
 * `collection()` (filter → order → count → page → select) or the individual steps. Pure: no I/O, no clock.
 *
 * Typical route:
 *   const query = parseODataQuery(ctx.url, { style: "pim", filterable: ["groupId", "principalId", "status"] });
 *   return { status: 200, json: collection(rows, query, { request: ctx, entitySet: "…/assignmentScheduleRequests", pageSize: 100 }) };
 *
 * Errors are thrown as GraphError(400) with codes chosen by `style`: directory endpoints answer
 * `Request_BadRequest` (bad `$select`), `Request_UnsupportedQuery` (filter/order/top/count/expand) and
 * `Directory_ExpiredPageToken` (bad `$skiptoken`); PIM endpoints answer `BadRequest` for all of them.
 * Unknown query parameters (without `$`, or `$`-options we do not know) are ignored, as Graph does.
 */
import { parseExpand, splitList, type ExpandItem } from "./odata-expand";
import { filterPaths, matchesFilter, parseFilter, QuerySyntaxError, readPath, type FilterExpr } from "./odata-filter";
import { decodeSkipToken, nextLinkFor } from "./odata-skiptoken";
import { GraphError } from "./types";

export { findExpand, type ExpandItem } from "./odata-expand";
export { isAdvancedFilter, matchesFilter, readPath, requiredEqualities, type FilterExpr, type Literal } from "./odata-filter";

export type QueryStyle = "directory" | "pim";

export interface OrderByClause {
  path: string;
  descending: boolean;
}

export interface ODataQuery {
  style: QueryStyle;
  /** `$select` names as written, or undefined for the default representation. */
  select: string[] | undefined;
  filter: FilterExpr | undefined;
  /** Raw `$filter` text (for messages and logging). */
  filterText: string | undefined;
  orderBy: OrderByClause[];
  /** `$top` (1..maxTop), used as the page size. */
  top: number | undefined;
  /** Offset decoded from a verified `$skiptoken` (0 on the first page). */
  offset: number;
  /** `$count=true`. */
  count: boolean;
  expand: ExpandItem[];
  /** Raw `$search` text; the emulator's routes reject it. */
  search: string | undefined;
}

export interface ParseQueryOptions {
  style: QueryStyle;
  /** Property names accepted in `$select`/`$orderby` (case-insensitive). Omit to accept any name. */
  selectable?: readonly string[];
  /** Property paths accepted in `$filter` (case-insensitive). Omit to accept any path. */
  filterable?: readonly string[];
  /** Navigation properties accepted in `$expand` (top level, case-insensitive). Omit to accept any. */
  expandable?: readonly string[];
  /** Type name for messages, e.g. "microsoft.graph.user". */
  entityType?: string;
  /** Largest `$top` (default 999). */
  maxTop?: number;
}

type ErrorKind = "select" | "query" | "skiptoken";

function queryError(style: QueryStyle, kind: ErrorKind, message: string): GraphError {
  if (style === "pim") return new GraphError(400, "BadRequest", message);
  const code = kind === "select" ? "Request_BadRequest" : kind === "skiptoken" ? "Directory_ExpiredPageToken" : "Request_UnsupportedQuery";
  return new GraphError(400, code, message);
}

function hasName(names: readonly string[] | undefined, name: string): boolean {
  if (!names) return true;
  const lower = name.toLowerCase();
  return names.some((n) => n.toLowerCase() === lower);
}

/** Reads `$`-options case-insensitively; a repeated option is a 400 like in Graph. */
function readOptions(url: URL, style: QueryStyle): Map<string, string> {
  const options = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    if (!key.startsWith("$")) continue;
    const lower = key.toLowerCase();
    if (options.has(lower)) throw queryError(style, "query", `Query option '${key}' was specified more than once, but it must be specified at most once.`);
    options.set(lower, value);
  }
  return options;
}

function parseTop(raw: string | undefined, style: QueryStyle, maxTop: number): number | undefined {
  if (raw === undefined) return undefined;
  const top = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(top) || top < 1 || top > maxTop) {
    throw queryError(style, "query", `Invalid page size specified: '${raw}'. Must be between 1 and ${maxTop} inclusive.`);
  }
  return top;
}

function parseOrderBy(raw: string | undefined, options: ParseQueryOptions): OrderByClause[] {
  if (raw === undefined) return [];
  return splitList(raw).map((clause) => {
    const match = /^([A-Za-z_][\w./]*)(?:\s+(asc|desc))?$/i.exec(clause);
    if (!match?.[1]) throw queryError(options.style, "query", `Invalid $orderby clause: '${clause}'.`);
    const path = match[1];
    if (!hasName(options.selectable, path.split("/")[0] ?? path)) {
      throw queryError(options.style, "query", `Sorting by property '${path}' is not supported.`);
    }
    return { path, descending: match[2]?.toLowerCase() === "desc" };
  });
}

function parseFilterOption(raw: string | undefined, options: ParseQueryOptions): FilterExpr | undefined {
  if (raw === undefined) return undefined;
  let expr: FilterExpr;
  try {
    expr = parseFilter(raw);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw queryError(options.style, "query", `Invalid filter clause: ${error.message}.`);
    throw error;
  }
  for (const path of filterPaths(expr)) {
    if (!hasName(options.filterable, path)) {
      throw queryError(options.style, "query", `Invalid filter clause: filtering on property '${path}' is not supported.`);
    }
  }
  return expr;
}

/**
 * Parses the OData options of a request. `url` must be the full request URL (ctx.url): a `$skiptoken` is only
 * accepted for the same path and options it was issued for.
 */
export function parseODataQuery(url: URL, options: ParseQueryOptions): ODataQuery {
  const { style } = options;
  const raw = readOptions(url, style);

  const selectRaw = raw.get("$select");
  const select = selectRaw === undefined || selectRaw.trim() === "*" ? undefined : splitList(selectRaw);
  for (const name of select ?? []) {
    if (!hasName(options.selectable, name)) {
      throw queryError(style, "select", `Could not find a property named '${name}' on type '${options.entityType ?? "microsoft.graph.entity"}'.`);
    }
  }

  const countRaw = raw.get("$count")?.toLowerCase();
  if (countRaw !== undefined && countRaw !== "true" && countRaw !== "false") {
    throw queryError(style, "query", `Invalid value '${raw.get("$count")}' for $count; expected true or false.`);
  }

  let expand: ExpandItem[] = [];
  const expandRaw = raw.get("$expand");
  if (expandRaw !== undefined) {
    try {
      expand = parseExpand(expandRaw);
    } catch (error) {
      if (error instanceof QuerySyntaxError) throw queryError(style, "query", `Invalid $expand: ${error.message}.`);
      throw error;
    }
    for (const item of expand) {
      if (!hasName(options.expandable, item.name)) {
        throw queryError(style, "query", `Could not find a navigation property named '${item.name}' on type '${options.entityType ?? "microsoft.graph.entity"}'.`);
      }
    }
  }

  let offset = 0;
  const token = raw.get("$skiptoken");
  if (token !== undefined) {
    const decoded = decodeSkipToken(token, url);
    if (decoded === undefined) {
      throw queryError(style, "skiptoken", "The specified page token value has expired and can no longer be included in your request.");
    }
    offset = decoded;
  }

  return {
    style,
    select,
    filter: parseFilterOption(raw.get("$filter"), options),
    filterText: raw.get("$filter"),
    orderBy: parseOrderBy(raw.get("$orderby"), options),
    top: parseTop(raw.get("$top"), style, options.maxTop ?? 999),
    offset,
    count: countRaw === "true",
    expand,
    search: raw.get("$search"),
  };
}

function compareValues(a: unknown, b: unknown): number {
  const isANull = a === null || a === undefined;
  const isBNull = b === null || b === undefined;
  if (isANull || isBNull) return isANull === isBNull ? 0 : isANull ? -1 : 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  // Objects have no meaningful order; compare them by their JSON so sorting stays deterministic.
  const sa = (typeof a === "string" ? a : JSON.stringify(a)).toLowerCase();
  const sb = (typeof b === "string" ? b : JSON.stringify(b)).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Applies `$filter` and `$orderby` (stable; nulls sort first ascending, as in OData). */
export function applyQuery<T>(items: readonly T[], query: Pick<ODataQuery, "filter" | "orderBy">): T[] {
  const { filter } = query;
  const filtered = filter ? items.filter((item) => matchesFilter(item, filter)) : [...items];
  if (query.orderBy.length === 0) return filtered;
  return filtered.sort((x, y) => {
    for (const clause of query.orderBy) {
      const result = compareValues(readPath(x, clause.path), readPath(y, clause.path));
      if (result !== 0) return clause.descending ? -result : result;
    }
    return 0;
  });
}

/**
 * Projects an item onto `$select`. `@odata.type` and `id` are always kept; selected names are matched
 * case-insensitively and emitted with the item's own spelling; names the item does not have are left out
 * (mixed directoryObject collections: a group has no `userPrincipalName`).
 */
export function selectProperties(item: object, select: readonly string[] | undefined): Record<string, unknown> {
  const record = item as Record<string, unknown>;
  if (!select) return { ...record };
  const keys = Object.keys(record);
  const out: Record<string, unknown> = {};
  for (const fixed of ["@odata.type", "id"]) if (fixed in record) out[fixed] = record[fixed];
  for (const name of select) {
    const key = keys.find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) out[key] = record[key];
  }
  return out;
}

/** The request a page is built for; a route's `ctx` satisfies it. */
export interface PageRequest {
  url: URL;
  /** Emulator origin, e.g. "https://localhost:8443". */
  baseUrl: string;
}

/**
 * `@odata.context` for an entity set (`…/$metadata#users`, `…#users(id,mail)` with `$select`), or for a single
 * entity when `isEntity` (`…#users/$entity`, `…#users(id,mail)/$entity`).
 */
export function contextUrl(request: PageRequest, entitySet: string, select?: readonly string[], isEntity = false): string {
  const version = request.url.pathname.split("/").find((s) => s !== "") ?? "v1.0";
  const projection = select && select.length > 0 ? `(${select.join(",")})` : "";
  return `${request.baseUrl.replace(/\/+$/, "")}/${version}/$metadata#${entitySet}${projection}${isEntity ? "/$entity" : ""}`;
}

export interface PageOptions {
  request: PageRequest;
  /** Entity set named in `@odata.context`, e.g. "users", "directoryObjects", "identityGovernance/privilegedAccess/group/assignmentScheduleRequests". */
  entitySet: string;
  /** Page size when `$top` is absent (directory: 100). */
  pageSize: number;
}

export interface CollectionPage {
  "@odata.context": string;
  "@odata.count"?: number;
  "@odata.nextLink"?: string;
  value: Record<string, unknown>[];
}

/**
 * One page of an already filtered and ordered list: `@odata.count` (of the whole list) when `$count=true`,
 * `$select` projection, and an absolute `@odata.nextLink` unless this is the last page.
 */
export function page(items: readonly object[], query: ODataQuery, options: PageOptions): CollectionPage {
  const size = query.top ?? options.pageSize;
  const slice = items.slice(query.offset, query.offset + size);
  const next = query.offset + slice.length;
  return {
    "@odata.context": contextUrl(options.request, options.entitySet, query.select),
    ...(query.count ? { "@odata.count": items.length } : {}),
    ...(next < items.length ? { "@odata.nextLink": nextLinkFor(options.request.url, options.request.baseUrl, next) } : {}),
    value: slice.map((item) => selectProperties(item, query.select)),
  };
}

/** `applyQuery` then `page`: the whole pipeline for a list endpoint. */
export function collection(items: readonly object[], query: ODataQuery, options: PageOptions): CollectionPage {
  return page(applyQuery(items, query), query, options);
}
