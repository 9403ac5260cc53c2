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
const MISSED_WINDOW_GRACE_MS = 10 * 60_000;

async function findInstance(deps: Deps, request: RequestRecord): Promise<PimInstance | undefined> {
  const instances = await listActiveInstances(deps.graph.app(), { groupId: request.target.pimGroupId, principalId: request.requesterId });
  // Schedule ids are opaque, but usually end in the id of the request that created them (§3.4): prefer that one.
  const byRequest = instances.find((i) => request.pimRequestId && i.assignmentScheduleId?.endsWith(request.pimRequestId));
  return byRequest ?? instances.find((i) => (i.assignmentType ?? "").toLowerCase() === "activated") ?? instances[0];
}

/**
 * Approved, but PIM shows no active instance (yet): still provisioning, refused after all, or — when the worker
 * was down for the whole activation window — already over. The last case is recorded from what we know, so the
 * request does not stay `approved` forever.
 */
async function approvedWithoutInstance(deps: Deps, request: RequestRecord): Promise<SyncResult> {
  const now = deps.now();
  const pim = request.pimRequestId ? await getPimRequest(deps.graph.app(), request.pimRequestId) : undefined;
  if (pim && !isGrantedStatus(pim.status)) {
    await withAudit(deps.db, now, async (tx, audit) => {
      const reason = `PIM did not activate the approved request (status "${pim.status}").`;
      const event = pimStatus(pim.status) === "canceled" ? "canceled" : "failed";
      const failure = { failureCode: `pim_${pimStatus(pim.status)}`, failureMessage: reason, endedAt: now };
      const t = await transitionRequest(tx, request, event, now, { pimStatus: pim.status, ...failure });
      const base = { actor: systemActor, requestId: request.id };
      if (t.to === "canceled") audit({ ...base, action: "request.canceled", data: { ...t, source: "pim" } });
      else audit({ ...base, action: "request.failed", data: { ...t, code: pim.status, kind: "pim_status", reason } });
    });
    return {};
  }
  const start = request.decidedAt ?? request.submittedAt;
  const end = after(start, request.durationMinutes * 60_000);
  if (now.getTime() < end.getTime() + MISSED_WINDOW_GRACE_MS) return { nextAt: after(now, 10_000) }; // PIM is provisioning
  await withAudit(deps.db, now, async (tx, audit) => {
    const a = await transitionRequest(tx, request, "activated", now, { activatedAt: start, expiresAt: end });
    const e = await transitionRequest(tx, { id: request.id, status: a.to, version: request.version + 1 }, "expired", now, { endedAt: end });
    const times = { startDateTime: start.toISOString(), endDateTime: end.toISOString() };
    audit({ action: "request.activated", actor: systemActor, requestId: request.id, data: { ...a, ...times } });
    const note = "The activation window passed while the worker was not watching; start and end are estimated.";
    audit({ action: "request.reconciled", actor: systemActor, requestId: request.id, data: { pimStatus: pim?.status ?? "unknown", note } });
    audit({ action: "request.expired", actor: systemActor, requestId: request.id, data: { ...e, endDateTime: times.endDateTime } });
  });
  return {};
}

export async function syncActivation(deps: Deps, request: RequestRecord): Promise<SyncResult> {
  const instance = await findInstance(deps, request);
  const now = deps.now();
  const info = toMailInfo(request);

  if (request.status === "approved") {
    if (!instance) return approvedWithoutInstance(deps, request);
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
