/**
 * `POST /v1.0/users/{id}/revokeSignInSessions` and `/v1.0/me/revokeSignInSessions` (entra-graph-api.md
 * §7.6): every refresh token and browser session of the user issued before now stops working. Access
 * tokens already issued stay valid until they expire, as in Entra.
 */
import { requirePermission } from "../core/permissions";
import { GraphError, type Ctx, type HttpResult } from "../core/types";
import { holdsDirectoryRole, identitySlice } from "./state";

export function revokeSignInSessions(ctx: Ctx): HttpResult {
  const caller = ctx.caller();
  // User.ReadWrite.All and Directory.ReadWrite.All imply it (core/permissions.ts).
  requirePermission(caller, { delegated: ["User.RevokeSessions.All"], application: ["User.RevokeSessions.All"], style: "directory" });
  const slice = identitySlice(ctx.services);
  const target = ctx.params.id ?? (caller.kind === "user" ? caller.objectId : undefined);
  if (!target) throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
  const user = ctx.services.directory.getUser(target);
  if (!user) {
    throw new GraphError(404, "Request_ResourceNotFound", `Resource '${target}' does not exist or one of its queried reference-property objects are not present.`);
  }
  // Delegated callers may revoke only their own sessions unless they hold an admin (directory) role.
  if (caller.kind === "user" && user.id !== caller.objectId && holdsDirectoryRole(slice, caller.objectId).length === 0) {
    throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  }
  slice.revokedUpTo[user.id] = slice.seq;
  ctx.services.changed();
  return { status: 200, json: { "@odata.context": `${ctx.baseUrl}/v1.0/$metadata#Edm.Boolean`, value: true } };
}
