/**
 * After approval: wait for PIM's active assignment schedule instance (start/end come from it, not from our
 * arithmetic), then watch it until it ends — at its end time (expired) or earlier, outside the app (deactivated).
 */
import { systemActor } from "@/lib/audit/events";
import { withAudit } from "@/lib/audit/with-audit";
import { isMemberOf } from "@/lib/entra/directory";
import { getPimRequest, isGrantedStatus, listActiveInstances, pimStatus, type PimInstance } from "@/lib/entra/pim";
import { enqueue } from "@/lib/jobs/outbox";
import { activeEmail, endedEmail } from "@/lib/notify/templates";
import type { Deps } from "./deps";
import { mailRequester } from "./notifications";
import { toMailInfo, transitionRequest, type RequestRecord } from "./records";
import type { SyncResult } from "./sync-request";

const after = (d: Date, ms: number) => new Date(d.getTime() + ms);
const earliest = (...dates: Date[]) => new Date(Math.min(...dates.map((d) => d.getTime())));
/** While active, look every few minutes so a removal outside the app is noticed. */
const ACTIVE_POLL_MS = 5 * 60_000;
const EXPIRY_WARNING_MS = 15 * 60_000;
const MEMBERSHIP_SETTLE_MS = 5 * 60_000;

async function findInstance(deps: Deps, request: RequestRecord): Promise<PimInstance | undefined> {
  const instances = await listActiveInstances(deps.graph.app(), { groupId: request.target.pimGroupId, principalId: request.requesterId });
  // Schedule ids are opaque, but usually end in the id of the request that created them (§3.4): prefer that one.
  const byRequest = instances.find((i) => request.pimRequestId && i.assignmentScheduleId?.endsWith(request.pimRequestId));
  return byRequest ?? instances.find((i) => (i.assignmentType ?? "").toLowerCase() === "activated") ?? instances[0];
}

export async function syncActivation(deps: Deps, request: RequestRecord): Promise<SyncResult> {
  const instance = await findInstance(deps, request);
  const now = deps.now();
  const info = toMailInfo(request);

  if (request.status === "approved") {
    if (!instance) {
      const pim = request.pimRequestId ? await getPimRequest(deps.graph.app(), request.pimRequestId) : undefined;
      if (pim && !isGrantedStatus(pim.status)) {
        await withAudit(deps.db, now, async (tx, audit) => {
          const reason = `PIM did not activate the approved request (status "${pim.status}").`;
          const t = await transitionRequest(tx, request, pimStatus(pim.status) === "canceled" ? "canceled" : "failed", now, {
            pimStatus: pim.status,
            failureCode: `pim_${pimStatus(pim.status)}`,
            failureMessage: reason,
            endedAt: now,
          });
          if (t.to === "canceled") audit({ action: "request.canceled", actor: systemActor, requestId: request.id, data: { ...t, source: "pim" } });
          else audit({ action: "request.failed", actor: systemActor, requestId: request.id, data: { ...t, code: pim.status, kind: "pim_status", reason } });
        });
        return {};
      }
      return { nextAt: after(now, 10_000) }; // PendingProvisioning: PIM is adding the membership
    }
    const start = new Date(instance.startDateTime ?? now.toISOString());
    const end = instance.endDateTime ? new Date(instance.endDateTime) : null;
    await withAudit(deps.db, now, async (tx, audit) => {
      const t = await transitionRequest(tx, request, "activated", now, { activatedAt: start, expiresAt: end, pimStatus: "Provisioned" });
      await mailRequester(tx, now, request, "active", activeEmail(info, { until: end, appUrl: deps.appUrl }));
      if (end && end.getTime() - EXPIRY_WARNING_MS > now.getTime()) {
        const warnAt = after(end, -EXPIRY_WARNING_MS);
        await enqueue(tx, "request.expiry-warning", { requestId: request.id }, { dedupeKey: `expiry-warning:${request.id}`, runAt: warnAt }, now);
      }
      audit({
        action: "request.activated",
        actor: systemActor,
        requestId: request.id,
        data: { ...t, startDateTime: start.toISOString(), endDateTime: end ? end.toISOString() : null },
      });
    });
    return { nextAt: end ? earliest(end, after(now, ACTIVE_POLL_MS)) : after(now, ACTIVE_POLL_MS) };
  }

  // Active. Someone may also have removed the member through the groups API, which PIM's instance list does
  // not show at once; directory reads lag right after activation, so only trust them after a few minutes.
  const isSettled = request.activatedAt !== null && now.getTime() - request.activatedAt.getTime() > MEMBERSHIP_SETTLE_MS;
  const isStillMember =
    instance !== undefined && (!isSettled || (await isMemberOf(deps.graph.app(), request.requesterId, [request.target.pimGroupId])).size > 0);
  if (instance && isStillMember) {
    const end = instance.endDateTime ? new Date(instance.endDateTime) : request.expiresAt;
    return { nextAt: end ? earliest(after(end, 5_000), after(now, ACTIVE_POLL_MS)) : after(now, ACTIVE_POLL_MS) };
  }
  // PIM removes the membership at the end time; a few seconds of clock skew are tolerated.
  const isExpired = !instance && request.expiresAt !== null && now.getTime() >= request.expiresAt.getTime() - 30_000;
  await withAudit(deps.db, now, async (tx, audit) => {
    const endedAt = isExpired && request.expiresAt ? request.expiresAt : now;
    const t = await transitionRequest(tx, request, isExpired ? "expired" : "deactivated", now, { endedAt, deactivateAt: null });
    await mailRequester(tx, now, request, "ended", endedEmail(info, { how: isExpired ? "expired" : "deactivated", at: endedAt }));
    if (isExpired) {
      const endDateTime = request.expiresAt ? request.expiresAt.toISOString() : null;
      audit({ action: "request.expired", actor: systemActor, requestId: request.id, data: { ...t, endDateTime } });
    } else {
      audit({ action: "request.deactivated", actor: systemActor, requestId: request.id, data: { ...t, source: "outside_app", revokeSessions: false } });
    }
  });
  return {};
}
