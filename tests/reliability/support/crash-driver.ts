/**
 * One "app process" for the crash test: the use cases (as people press buttons) and the outbox worker, run in a
 * child process that the test SIGKILLs at random moments. Stateless by design — everything it knows it reads
 * from the database on each step — so a restart simply carries on, as a restarted replica would.
 *
 *   node --import tsx tests/reliability/support/crash-driver.ts '<json config>'
 *
 * Prints one line per event: `ready`, `reconciled`, `act <what> <who>`, `done <what> <who> <outcome>`,
 * `refused <what> <who> <code>`, `jobs <claimed>`, `idle`. On start it reconciles open requests with PIM, as
 * the worker does (lib/jobs/reconcile.ts), then loops: at most one person's action, then one worker batch.
 */
import { createPrismaClient } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { jobHandlers } from "@/lib/jobs/handlers";
import { reconcileOpenRequests } from "@/lib/jobs/reconcile";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { setLogLevel } from "@/lib/log";
import { assertRoutedApprover } from "@/lib/requests/assert-routed-approver";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { deactivateRequest } from "@/lib/requests/deactivate-request";
import { decideApproval } from "@/lib/requests/decide-approval";
import { submitRequest } from "@/lib/requests/submit-request";
import { syncTargets } from "@/lib/targets";
import { createAppDeps } from "./app-deps";
import type { CrashConfig, CrashPlan } from "./crash-plan";
import { approvers, requester, sessionUser } from "./fleet";

const config = JSON.parse(process.argv[2] ?? "{}") as CrashConfig;
const say = (line: string) => void process.stdout.write(`${line}\n`);
setLogLevel("error");

const db = createPrismaClient(config.dbUrl, 1);
const set = await createAppDeps({ db, emulatorUrl: config.emulatorUrl });
await syncTargets(db, set.interactive.targets);
say("ready");
await reconcileOpenRequests(set.worker);
say("reconciled");

const workerId = `crash-driver:${process.pid}`;
let turn = 0;

/** The one thing this person would do now, if anything: returns a label and the action. */
async function nextAction(plan: CrashPlan): Promise<[string, () => Promise<string>] | undefined> {
  const person = requester(plan.n);
  const user = sessionUser(person);
  const latest = await db.accessRequest.findFirst({ where: { requesterId: person.id }, orderBy: { number: "desc" }, include: { decisions: true } });
  const input = { targetId: "aks-prod", durationMinutes: 60, justification: `Crash test ${plan.n}: ${plan.kind}` };
  if (!latest || (latest.status === "failed" && latest.failureCode === "not_submitted")) {
    return ["submit", async () => (await submitRequest(set.interactive, { user, input })).outcome];
  }
  if (latest.status === "pending_approval") {
    if (plan.kind === "cancel") return ["cancel", async () => (await cancelRequest(set.interactive, { user, requestId: latest.id })).status];
    if (plan.kind !== "approve" && plan.kind !== "deny" && plan.kind !== "admin-remove") return undefined;
    const approver = approvers[plan.approver];
    if (latest.decisions.some((d) => d.approverId === approver.id)) return undefined;
    const isRouted = (await db.approvalLink.count({ where: { requestId: latest.id, approverId: approver.id } })) > 0;
    if (!isRouted) return undefined;
    const decision = plan.kind === "deny" ? "deny" : "approve";
    return [
      decision,
      async () => {
        await assertRoutedApprover(set.interactive, { user: { id: approver.id }, requestId: latest.id });
        const input = { requestId: latest.id, decision, reason: "Crash test decision" };
        return (await decideApproval(set.interactive, { user: sessionUser(approver), input })).outcome;
      },
    ];
  }
  if (latest.status === "active" && plan.kind === "approve" && plan.deactivate && !latest.deactivateAt) {
    return ["deactivate", async () => (await deactivateRequest(set.interactive, { user, requestId: latest.id })).outcome];
  }
  return undefined;
}

async function actOnce(): Promise<boolean> {
  const plans = config.plans;
  for (let k = 0; k < plans.length; k++) {
    const plan = plans[(turn + k) % plans.length]!;
    const action = await nextAction(plan);
    if (!action) continue;
    turn = (turn + k + 1) % plans.length;
    const [what, run] = action;
    say(`act ${what} r${plan.n}`);
    try {
      say(`done ${what} r${plan.n} ${await run()}`);
    } catch (e) {
      if (!isAppError(e)) throw e;
      say(`refused ${what} r${plan.n} ${e.code}`);
    }
    return true;
  }
  return false;
}

for (let step = 0; step < config.maxSteps; step++) {
  await set.syncClock();
  const acted = await actOnce();
  const s = await runWorkerOnce(set.worker, { handlers: jobHandlers, workerId, batchSize: 3 });
  if (s.claimed > 0) say(`jobs ${s.claimed}`);
  if (!acted && s.claimed === 0) {
    say("idle");
    if (config.exitWhenIdle) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}
await db.$disconnect();
