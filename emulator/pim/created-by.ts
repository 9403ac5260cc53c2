/**
 * `createdBy` identitySet of a request: the signed-in user for delegated calls, the application for app-only
 * calls (shape UNVERIFIED, §3.3), so PIM's audit shows the app rather than the person who approved in the app.
 */
import type { Caller } from "../core/types";
import type { IdentitySet, PimState } from "./model";

export function createdByOf(caller: Caller, state: PimState): IdentitySet {
  if (caller.kind === "user") return { user: { id: caller.objectId, displayName: null } };
  const fromToken = typeof caller.claims.app_displayname === "string" ? caller.claims.app_displayname : null;
  return { application: { id: caller.appId, displayName: state.applicationNames[caller.appId] ?? fromToken } };
}

/** Object id of whoever created the request (user oid, or the app id for app-only requests). */
export function creatorId(createdBy: IdentitySet): string | undefined {
  return createdBy.user?.id ?? createdBy.application?.id;
}
