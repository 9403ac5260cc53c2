/**
 * Node.js half of instrumentation.ts (kept in its own module so the Edge bundle never sees process.exit or the
 * database client).
 */
export async function registerNode(): Promise<void> {
  const { loadEnv, EnvError } = await import("@/lib/env");
  const { log, setLogLevel } = await import("@/lib/log");
  let env;
  try {
    env = loadEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      process.stderr.write(`\n${e.message}\n\nSee docs/configuration.md.\n`);
      process.exit(1);
    }
    throw e;
  }
  setLogLevel(env.LOG_LEVEL);
  const { loadTargets } = await import("@/lib/targets");
  try {
    loadTargets(env);
  } catch (e) {
    process.stderr.write(`\nInvalid elevation targets: ${e instanceof Error ? e.message : String(e)}\n\nSee docs/configuration.md.\n`);
    process.exit(1);
  }
  if (env.WORKER_MODE === "in-process") {
    const { startAppWorker } = await import("@/lib/jobs/start");
    const worker = await startAppWorker();
    log.info("outbox worker started in-process");
    const stop = () => void worker.stop();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  } else {
    const { syncTargets } = await import("@/lib/targets");
    const { db } = await import("@/lib/db/client");
    await syncTargets(db);
  }
}
