/**
 * Every open request is followed by exactly one `pim.sync-request` job (dedupe key per request). The periodic
 * reconcile re-creates that job if it finished or died, so no request stays stale even when nobody opens a page
 * and even after a long Graph outage exhausted a job's attempts.
 */
import type { Tx } from "@/lib/db/client";
import type { Deps } from "@/lib/requests/deps";
import { openStates } from "@/lib/requests/state-machine";
import { enqueue } from "./outbox";

export const syncJobKey = (requestId: string) => `pim.sync:${requestId}`;

/** Follow this request with PIM from `runAt` (default now); pulls an already scheduled sync forward. */
export async function enqueueSync(tx: Tx, requestId: string, now: Date, runAt: Date = now): Promise<void> {
  await enqueue(tx, "pim.sync-request", { requestId }, { dedupeKey: syncJobKey(requestId), runAt, onConflict: "earlier" }, now);
}

/** Returns how many open requests were checked. */
export async function reconcileOpenRequests(deps: Deps): Promise<number> {
  const open = await deps.db.accessRequest.findMany({ where: { status: { in: [...openStates] } }, select: { id: true } });
  if (open.length === 0) return 0;
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    for (const r of open) {
      await enqueue(tx, "pim.sync-request", { requestId: r.id }, { dedupeKey: syncJobKey(r.id), onConflict: "revive" }, now);
    }
  });
  return open.length;
}
