/** `request.expiry-warning`: tells the requester 15 minutes before the access ends. */
import { expiringSoonEmail } from "@/lib/notify/templates";
import { mailRequester } from "@/lib/requests/notifications";
import { loadRequest, toMailInfo } from "@/lib/requests/records";
import type { JobHandler } from "../types";

export const requestExpiryWarning: JobHandler<"request.expiry-warning"> = async ({ deps, payload }) => {
  const request = await loadRequest(deps.db, payload.requestId);
  const now = deps.now();
  if (!request || request.status !== "active" || request.expiryWarnedAt || !request.expiresAt || request.expiresAt <= now) return;
  const endsAt = request.expiresAt;
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.accessRequest.updateMany({ where: { id: request.id, expiryWarnedAt: null }, data: { expiryWarnedAt: now } });
    if (count === 1) await mailRequester(tx, now, request, "expiring", expiringSoonEmail(toMailInfo(request), { endsAt, appUrl: deps.appUrl }));
  });
};
