/**
 * `npm run worker`: runs the outbox worker on its own (WORKER_MODE=external), e.g. as a separate Deployment.
 * Stops gracefully on SIGINT/SIGTERM: the batch in progress finishes, then the database pool closes.
 */
import { disconnectDb } from "@/lib/db/client";
import { loadEnv } from "@/lib/env";
import { startAppWorker } from "@/lib/jobs/start";
import { log, setLogLevel } from "@/lib/log";

const env = loadEnv();
setLogLevel(env.LOG_LEVEL);
const worker = await startAppWorker();
log.info("outbox worker started", { pid: process.pid });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info("outbox worker stopping", { signal });
  await worker.stop();
  await disconnectDb();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
