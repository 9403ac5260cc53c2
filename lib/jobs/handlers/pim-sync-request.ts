/** `pim.sync-request`: follows one request with PIM; the job re-runs itself until the request is finished. */
import { syncRequest } from "@/lib/requests/sync-request";
import type { JobHandler } from "../types";

export const pimSyncRequest: JobHandler<"pim.sync-request"> = async ({ deps, payload }) => {
  const { nextAt } = await syncRequest(deps, payload.requestId);
  return nextAt ? { rescheduleAt: nextAt } : undefined;
};
