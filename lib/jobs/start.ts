/**
 * Starts the outbox worker for this process: from `npm run worker` (WORKER_MODE=external), or from the web
 * server's instrumentation hook when WORKER_MODE=in-process (demo, single replica). Several workers — in any mix
 * of processes — are safe together (jobs are claimed with SKIP LOCKED).
 */
import { appDeps } from "@/lib/requests/deps";
import { syncTargets } from "@/lib/targets";
import { jobHandlers } from "./handlers";
import { startWorker, type RunningWorker } from "./worker";

export async function startAppWorker(options: { intervalMs?: number; reconcileIntervalMs?: number } = {}): Promise<RunningWorker> {
  // The worker's Graph client does not retry inside a call: the outbox back-off honours Retry-After durably.
  const deps = appDeps({ sdkRetries: false });
  await syncTargets(deps.db, deps.targets);
  return startWorker(deps, { handlers: jobHandlers, ...options });
}
