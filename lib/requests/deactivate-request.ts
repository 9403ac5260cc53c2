/**
 * The requester ends their active elevation early. Inside PIM's 5-minute floor it is scheduled (and the page
 * says when); optionally their sign-in sessions are revoked too — which signs them out everywhere and does NOT
 * cut kubectl tokens already issued (entra-graph-api.md §14), so the page should say that.
 */
import { AppError } from "@/lib/errors";
import type { Deps, RequestMeta, SessionUser } from "./deps";
import { performDeactivation, scheduleDeactivation } from "./perform-deactivation";
import { loadRequest, toRequestView, type RequestView } from "./records";

export type DeactivateResult = { outcome: "deactivated" | "ended_already"; request: RequestView } | { outcome: "scheduled"; at: Date; request: RequestView };

export async function deactivateRequest(
  deps: Deps,
  args: { user: SessionUser; requestId: string; revokeSessions?: boolean; meta?: RequestMeta },
): Promise<DeactivateResult> {
  const { user, meta } = args;
  const revokeSessions = args.revokeSessions ?? false;
  const request = await loadRequest(deps.db, args.requestId);
  // Only the requester can end their own elevation; anyone else learns nothing about the request.
  if (!request || request.requesterId !== user.id) throw new AppError("not_found", "No such request.");
  if (request.status !== "active") throw new AppError("conflict", "Only active access can be ended early.");

  const actor = { type: "user" as const, id: user.id, name: user.displayName };
  const requester = { id: user.id, homeAccountId: user.homeAccountId, upn: user.upn };
  const view = async () => toRequestView((await loadRequest(deps.db, request.id)) ?? request);

  // PIM is the judge of its own 5-minute floor (its clock, not ours): ask it, and schedule when it says too soon.
  const result = await performDeactivation(deps, request, { requester, source: "requester", revokeSessions, actor, meta });
  if (result === "too_soon") {
    const at = await scheduleDeactivation(deps, request, { requester, revokeSessions, actor, meta });
    return { outcome: "scheduled", at, request: await view() };
  }
  return { outcome: result === "deactivated" ? "deactivated" : "ended_already", request: await view() };
}
