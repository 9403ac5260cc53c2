/**
 * `POST /users/{id}/checkMemberGroups` and `POST /me/checkMemberGroups` (§7.4): which of up to 20 group ids
 * the user belongs to, transitively. Needs a user-read AND a group-member-read permission.
 */
import { requirePermission } from "../core/permissions";
import { GraphError, type Ctx, type HttpResult, type Router } from "../core/types";
import { groupsContaining } from "./graph";
import { contextUrl } from "../core/odata";
import { directoryState, isGuid, signedInUser, userOr404 } from "./respond";

const maxGroupIds = 20;

function parseGroupIds(body: unknown): string[] {
  const groupIds = typeof body === "object" && body !== null ? (body as { groupIds?: unknown }).groupIds : undefined;
  if (!Array.isArray(groupIds)) throw new GraphError(400, "Request_BadRequest", "The request body must contain a 'groupIds' array.");
  if (groupIds.length > maxGroupIds) {
    throw new GraphError(400, "Request_BadRequest", `The number of group ids (${groupIds.length}) exceeds the maximum of ${maxGroupIds} per request.`);
  }
  return groupIds.map((id) => {
    if (typeof id !== "string" || !isGuid(id)) throw new GraphError(400, "Request_BadRequest", `Invalid GUID: '${String(id)}'.`);
    return id;
  });
}

function checkMemberGroups(isMe: boolean) {
  return async (ctx: Ctx): Promise<HttpResult> => {
    const me = isMe ? signedInUser(ctx) : undefined;
    const caller = me?.caller ?? ctx.caller();
    requirePermission(caller, { delegated: ["User.ReadBasic.All"], application: ["User.Read.All"], style: "directory" });
    requirePermission(caller, { delegated: ["GroupMember.Read.All"], application: ["GroupMember.Read.All"], style: "directory" });
    const user = me?.user ?? userOr404(ctx, ctx.params.id ?? "");
    const groupIds = parseGroupIds(await ctx.json());
    const memberOf = new Set(groupsContaining(directoryState(ctx), user.id, true).map((g) => g.id.toLowerCase()));
    const value = [...new Set(groupIds.filter((id) => memberOf.has(id.toLowerCase())))];
    return { status: 200, json: { "@odata.context": contextUrl(ctx, "Collection(Edm.String)"), value } };
  };
}

export function registerCheckMemberGroups(router: Router): void {
  router.add("graph", "POST", "/v1.0/me/checkMemberGroups", checkMemberGroups(true));
  router.add("graph", "POST", "/v1.0/users/:id/checkMemberGroups", checkMemberGroups(false));
}
