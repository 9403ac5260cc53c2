/**
 * Ending an activation early, shared by the requester's button and the scheduled job. selfDeactivate needs the
 * requester's own token (PIM: only the principal can), and PIM refuses it within 5 minutes of the start — such a
 * request is scheduled for the moment the floor has passed instead.
 */
import type { AuditActor } from "@/lib/audit/events";
import { withAudit } from "@/lib/audit/with-audit";
import { mapPimError, selfDeactivate } from "@/lib/entra/pim";
import { isAppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/outbox";
import { enqueueSync } from "@/lib/jobs/reconcile";
import { endedEmail } from "@/lib/notify/templates";
import type { Deps, RequestMeta } from "./deps";
import { pimFailureToAppError } from "./graph-failure";
import { mailRequester } from "./notifications";
import { toMailInfo, transitionRequest, type RequestRecord } from "./records";

/** PIM's removal floor plus a margin for clock skew between us and PIM. */
export const DEACTIVATION_FLOOR_MS = 5 * 60_000 + 15_000;

export interface RequesterRef {
  id: string;
  homeAccountId: string;
  upn: string;
}

export function earliestDeactivation(request: { activatedAt: Date | null }, now: Date): Date {
  return new Date(Math.max(now.getTime(), (request.activatedAt ?? now).getTime() + DEACTIVATION_FLOOR_MS));
}

export async function scheduleDeactivation(
  deps: Deps,
  request: RequestRecord,
  a: { requester: RequesterRef; revokeSessions: boolean; actor: AuditActor; meta?: RequestMeta },
): Promise<Date> {
  const now = deps.now();
  const at = earliestDeactivation(request, now);
  await withAudit(deps.db, now, async (tx, audit) => {
    await tx.accessRequest.updateMany({
      where: { id: request.id, status: "active" },
      data: { deactivateAt: at, revokeSessionsOnEnd: a.revokeSessions, updatedAt: now },
    });
    const payload = { requestId: request.id, requester: a.requester };
    await enqueue(tx, "request.deactivate", payload, { dedupeKey: `deactivate:${request.id}`, runAt: at, onConflict: "earlier" }, now);
    audit({
      action: "request.deactivation_scheduled",
      actor: a.actor,
      requestId: request.id,
      data: { deactivateAt: at.toISOString(), revokeSessions: a.revokeSessions },
      ip: a.meta?.ip,
      userAgent: a.meta?.userAgent,
    });
  });
  return at;
}

export async function performDeactivation(
  deps: Deps,
  request: RequestRecord,
  a: { requester: RequesterRef; source: "requester" | "scheduled"; revokeSessions: boolean; actor: AuditActor; meta?: RequestMeta },
): Promise<"deactivated" | "too_soon" | "gone"> {
  try {
    await selfDeactivate(deps.graph.user(a.requester), {
      principalId: request.requesterId,
      groupId: request.target.pimGroupId,
      justification: `Ended early in the JIT access app (request #${request.number})`,
    });
  } catch (e) {
    if (isAppError(e)) throw e;
    const m = mapPimError(e);
    if (m.kind === "too_soon") return "too_soon";
    if (m.kind === "not_found") {
      // Nothing active any more (expired, or removed outside the app): the sync records what happened.
      await withAudit(deps.db, deps.now(), (tx) => enqueueSync(tx, request.id, deps.now()));
      return "gone";
    }
    throw pimFailureToAppError(m, e);
  }
  const now = deps.now();
  await withAudit(deps.db, now, async (tx, audit) => {
    const t = await transitionRequest(tx, request, "deactivated", now, { endedAt: now, deactivateAt: null });
    await mailRequester(tx, now, request, "ended", endedEmail(toMailInfo(request), { how: "deactivated", at: now }));
    if (a.revokeSessions) {
      const payload = { userId: request.requesterId, requestId: request.id, reason: "deactivated" };
      await enqueue(tx, "sessions.revoke", payload, { dedupeKey: `revoke:${request.id}` }, now);
    }
    audit({
      action: "request.deactivated",
      actor: a.actor,
      requestId: request.id,
      data: { ...t, source: a.source, revokeSessions: a.revokeSessions },
      ip: a.meta?.ip,
      userAgent: a.meta?.userAgent,
    });
  });
  return "deactivated";
}
