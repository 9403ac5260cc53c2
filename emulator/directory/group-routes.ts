/**
 * `GET /groups`, `/groups/{id}`, and the group's `members`, `transitiveMembers` and `owners`, each with an
 * optional type cast (`/microsoft.graph.user`) or the `$count` segment (§7.1, §7.2).
 */
import { requirePermission } from "../core/permissions";
import { GraphError, type Ctx, type HttpResult, type Router } from "../core/types";
import { matchesCast, parseCast } from "./casts";
import { findObject, transitiveMemberIds } from "./graph";
import { groupJson, groupProperties, objectJson } from "./render";
import { collectionResult, directoryState, entityResult, groupOr404, hasEventualConsistency, parseDirectoryQuery, userAccessOf } from "./respond";

const groupRead = { delegated: ["GroupMember.Read.All"], application: ["GroupMember.Read.All"], style: "directory" } as const;

function getGroup(ctx: Ctx): HttpResult {
  requirePermission(ctx.caller(), groupRead);
  const group = groupOr404(ctx, ctx.params.id ?? "");
  const query = parseDirectoryQuery(ctx, { selectable: groupProperties, entityType: "microsoft.graph.group", kind: "entity" });
  return entityResult(ctx, groupJson(group), query, "groups");
}

function listGroups(ctx: Ctx): HttpResult {
  requirePermission(ctx.caller(), groupRead);
  const query = parseDirectoryQuery(ctx, { selectable: groupProperties, entityType: "microsoft.graph.group", kind: "entitySet" });
  return collectionResult(ctx, directoryState(ctx).groups.map(groupJson), query, "groups");
}

type Relationship = "members" | "transitiveMembers" | "owners";

function relationship(kind: Relationship, cast?: "$count") {
  return (ctx: Ctx): HttpResult => {
    const caller = ctx.caller();
    requirePermission(caller, groupRead);
    const group = groupOr404(ctx, ctx.params.id ?? "");
    const target = parseCast(cast ? undefined : ctx.params.cast);
    const state = directoryState(ctx);
    const ids = kind === "members" ? group.members : kind === "owners" ? group.owners : transitiveMemberIds(state, group.id);
    const access = userAccessOf(caller);
    const rows = ids.map((id) => objectJson(findObject(state, id), access)).filter((row) => matchesCast(row, target));
    if (cast === "$count") {
      if (!hasEventualConsistency(ctx)) {
        throw new GraphError(400, "Request_BadRequest", "Count is not supported without the request header 'ConsistencyLevel: eventual'.");
      }
      return { status: 200, text: String(rows.length), headers: { "Content-Type": "text/plain" } };
    }
    const query = parseDirectoryQuery(ctx, { selectable: target.selectable, entityType: target.type, kind: "relationship" });
    return collectionResult(ctx, rows, query, target.entitySet);
  };
}

export function registerGroupRoutes(router: Router): void {
  router.add("graph", "GET", "/v1.0/groups", listGroups);
  router.add("graph", "GET", "/v1.0/groups/:id", getGroup);
  for (const kind of ["members", "transitiveMembers", "owners"] as const) {
    router.add("graph", "GET", `/v1.0/groups/:id/${kind}`, relationship(kind));
    router.add("graph", "GET", `/v1.0/groups/:id/${kind}/$count`, relationship(kind, "$count"));
    router.add("graph", "GET", `/v1.0/groups/:id/${kind}/:cast`, relationship(kind));
  }
}
