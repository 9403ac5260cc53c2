/**
 * One "app process" for the crash test: the people of crash-actor.ts pressing buttons, plus the outbox worker,
 * in a child process the test SIGKILLs at random moments. On start it reconciles open requests with PIM, as the
 * worker does (lib/jobs/reconcile.ts).
 *
 *   node <bundle of this file> '<CrashConfig as JSON>'     (bundled by support/child.ts)
 *
 * Prints one line per event: `ready`, `reconciled`, `act <what> r<n>`, `done …`, `refused …`, `jobs <n>`, `idle`.
 */
import { createPrismaClient } from "@/lib/db/client";
import { jobHandlers } from "@/lib/jobs/handlers";
import { reconcileOpenRequests } from "@/lib/jobs/reconcile";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { setLogLevel } from "@/lib/log";
import { syncTargets } from "@/lib/targets";
import { createAppDeps } from "./app-deps";
import { createCrashActor } from "./crash-actor";
import type { CrashConfig } from "./crash-plan";

const config = JSON.parse(process.argv[2] ?? "{}") as CrashConfig;
const say = (line: string) => void process.stdout.write(`${line}\n`);
setLogLevel("error");

const db = createPrismaClient(config.dbUrl, 1);
const set = await createAppDeps({ db, emulatorUrl: config.emulatorUrl, tokenFile: config.tokenFile });
await syncTargets(db, set.interactive.targets);
say("ready");
await reconcileOpenRequests(set.worker);
say("reconciled");

const actor = createCrashActor(db, set, config.plans, say);
const workerId = `crash-driver:${process.pid}`;
for (let step = 0; step < config.maxSteps; step++) {
  await set.syncClock();
  const acted = await actor.actOnce();
  const s = await runWorkerOnce(set.worker, { handlers: jobHandlers, workerId, batchSize: 3 });
  if (s.claimed > 0) say(`jobs ${s.claimed}`);
  if (!acted && s.claimed === 0) {
    say("idle");
    if (config.exitWhenIdle) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}
await db.$disconnect();
