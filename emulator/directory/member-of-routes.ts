/**
 * `memberOf` / `transitiveMemberOf` of a user or the signed-in user, with optional type cast (§7.4).
 * Groups are always shown in full here: Graph documents User.Read as enough for `/me/transitiveMemberOf`.
 */
import { requirePermission } from "../core/permissions";
import type { Caller, Ctx, DirectoryUser, HttpResult, Router } from "../core/types";
import { matchesCast, parseCast } from "./casts";
import { groupsContaining, rolesOf } from "./graph";
import { directoryRoleJson, groupJson } from "./render";
import { collectionResult, directoryState, parseDirectoryQuery, signedInUser, userOr404 } from "./respond";

/** `/me/...` needs User.Read; `/users/{id}/...` needs User.Read.All app-only (§7.4) or User.ReadBasic.All delegated. */
function subject(ctx: Ctx, isMe: boolean): { caller: Caller; user: DirectoryUser } {
  if (isMe) {
    const me = signedInUser(ctx);
    requirePermission(me.caller, { delegated: ["User.Read"], application: [], style: "directory" });
    return me;
  }
  const caller = ctx.caller();
  requirePermission(caller, { delegated: ["User.Read"], application: ["User.Read.All"], style: "directory" });
  const user = userOr404(ctx, ctx.params.id ?? "");
  if (caller.kind === "user" && caller.objectId.toLowerCase() !== user.id.toLowerCase()) {
    requirePermission(caller, { delegated: ["User.ReadBasic.All"], application: [], style: "directory" });
  }
  return { caller, user };
}

function memberOf(isMe: boolean, transitive: boolean) {
  return (ctx: Ctx): HttpResult => {
    const { user } = subject(ctx, isMe);
    const target = parseCast(ctx.params.cast);
    const state = directoryState(ctx);
    const rows = [...groupsContaining(state, user.id, transitive).map(groupJson), ...rolesOf(state, user.id, transitive).map(directoryRoleJson)].filter((row) =>
      matchesCast(row, target),
    );
    const query = parseDirectoryQuery(ctx, { selectable: target.selectable, entityType: target.type, kind: "relationship" });
    return collectionResult(ctx, rows, query, target.entitySet);
  };
}

export function registerMemberOfRoutes(router: Router): void {
  for (const [segment, transitive] of [["memberOf", false], ["transitiveMemberOf", true]] as const) {
    router.add("graph", "GET", `/v1.0/me/${segment}`, memberOf(true, transitive));
    router.add("graph", "GET", `/v1.0/me/${segment}/:cast`, memberOf(true, transitive));
    router.add("graph", "GET", `/v1.0/users/:id/${segment}`, memberOf(false, transitive));
    router.add("graph", "GET", `/v1.0/users/:id/${segment}/:cast`, memberOf(false, transitive));
  }
}
