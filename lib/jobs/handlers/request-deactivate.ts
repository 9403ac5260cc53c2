/** `request.deactivate`: the deactivation a requester asked for inside PIM's 5-minute floor, now due. */
import { systemActor } from "@/lib/audit/events";
import { isAppError } from "@/lib/errors";
import { performDeactivation } from "@/lib/requests/perform-deactivation";
import { loadRequest } from "@/lib/requests/records";
import { PermanentJobError, type JobHandler } from "../types";

export const requestDeactivate: JobHandler<"request.deactivate"> = async ({ deps, payload }) => {
  const request = await loadRequest(deps.db, payload.requestId);
  if (!request || request.status !== "active") return;
  try {
    const result = await performDeactivation(deps, request, {
      requester: payload.requester,
      source: "scheduled",
      revokeSessions: request.revokeSessionsOnEnd,
      actor: systemActor,
    });
    if (result === "too_soon") return { rescheduleAt: new Date(deps.now().getTime() + 30_000) };
  } catch (e) {
    // Without the requester's sign-in nobody can selfDeactivate; PIM still ends the access at its end time.
    if (isAppError(e) && e.code === "reauth_required") {
      throw new PermanentJobError("the requester's sign-in has expired; the access will end at its end time", { cause: e });
    }
    throw e;
  }
};
