/** `GET /me`, `GET /users/{id|upn}` and `GET /users` (§7.3). */
import { requirePermission } from "../core/permissions";
import type { Ctx, HttpResult, Router } from "../core/types";
import { userJson, userProperties } from "./render";
import { collectionResult, directoryState, entityResult, parseDirectoryQuery, signedInUser, userAccessOf, userOr404 } from "./respond";

const entity = { selectable: userProperties, entityType: "microsoft.graph.user", kind: "entity" } as const;

function getMe(ctx: Ctx): HttpResult {
  const { caller, user } = signedInUser(ctx);
  requirePermission(caller, { delegated: ["User.Read"], application: [], style: "directory" });
  const query = parseDirectoryQuery(ctx, entity);
  return entityResult(ctx, userJson(user, "full"), query, "users");
}

function getUser(ctx: Ctx): HttpResult {
  const caller = ctx.caller();
  // User.Read lets a signed-in user read their own object; anyone else needs User.ReadBasic.All or more.
  requirePermission(caller, { delegated: ["User.Read"], application: ["User.ReadBasic.All"], style: "directory" });
  const user = userOr404(ctx, ctx.params.id ?? "");
  const isSelf = caller.kind === "user" && caller.objectId.toLowerCase() === user.id.toLowerCase();
  if (!isSelf) requirePermission(caller, { delegated: ["User.ReadBasic.All"], application: ["User.ReadBasic.All"], style: "directory" });
  const query = parseDirectoryQuery(ctx, entity);
  return entityResult(ctx, userJson(user, isSelf ? "full" : userAccessOf(caller)), query, "users");
}

function listUsers(ctx: Ctx): HttpResult {
  const caller = ctx.caller();
  requirePermission(caller, { delegated: ["User.ReadBasic.All"], application: ["User.ReadBasic.All"], style: "directory" });
  const query = parseDirectoryQuery(ctx, { ...entity, kind: "entitySet" });
  const access = userAccessOf(caller);
  return collectionResult(ctx, directoryState(ctx).users.map((u) => userJson(u, access)), query, "users");
}

export function registerUserRoutes(router: Router): void {
  router.add("graph", "GET", "/v1.0/me", getMe);
  router.add("graph", "GET", "/v1.0/users/:id", getUser);
  router.add("graph", "GET", "/v1.0/users", listUsers);
}
