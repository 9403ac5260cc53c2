/**
 * Crashes: the use cases and the worker run in a child process (support/crash-driver.ts) that is SIGKILLed at a
 * random point of the flow 30 times — mid-transaction, between a Graph call and the commit that records it,
 * between sending an email and marking its job done — and restarted each time (reconciling with PIM on start).
 * Meanwhile PIM changes things behind the app's back: approvals and denials given in PIM directly, an
 * administrator removing a membership, and finally PIM's 24-hour approval window closing.
 *
 * At the end every request must be in the state PIM says it is in, every PIM request must be known to the app
 * (nothing submitted twice, nothing orphaned), no decision may have been applied twice, and the audit log must
 * verify and hold each expected event exactly once.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "@/lib/audit/verify";
import { decideApprovalStage, getApproval } from "@/lib/entra/pim";
import { jobHandlers } from "@/lib/jobs/handlers";
import { reconcileOpenRequests } from "@/lib/jobs/reconcile";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { setLogLevel } from "@/lib/log";
import type { RequestState } from "@/lib/requests/state-machine";
import { syncTargets } from "@/lib/targets";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { createAppDeps, type AppDepsSet } from "./support/app-deps";
import { seededRandom, seedFromEnv, startDriver } from "./support/child";
import { createCrashActor } from "./support/crash-actor";
import { crashPlans, stateFromPim, type CrashConfig, type CrashPlan } from "./support/crash-plan";
import { approvers, fleetTenant, id, requester, sessionUser } from "./support/fleet";
import { nowIn, pimApprovalsIn, pimRequestsIn, pimSchedulesIn } from "./support/pim-state";
import { settings } from "./support/settings";
import { recordStart, recordSummary, summaryDir } from "./support/summary";

const CRASHES = settings.crashes;
const plans = crashPlans();
const PIM = "/identityGovernance/privilegedAccess/group";

let emu: TestEmulator;
let testDb: TestDatabase;
let set: AppDepsSet;

beforeAll(async () => {
  recordStart("crashes");
  setLogLevel("error");
  [emu, testDb] = await Promise.all([startTestEmulator({ fixture: fleetTenant(plans.length) }), createTestDatabase()]);
  set = await createAppDeps({ db: testDb.db, emulatorUrl: emu.url });
  await syncTargets(testDb.db, set.interactive.targets);
});
afterAll(async () => {
  mkdirSync(summaryDir, { recursive: true });
  writeFileSync(path.join(summaryDir, "crashes-driver.log"), driverLog.join("\n"));
  await testDb?.stop();
  await emu?.stop();
});

const latestOf = (plan: CrashPlan) => testDb.db.accessRequest.findFirst({ where: { requesterId: requester(plan.n).id }, orderBy: { number: "desc" } });

/** What PIM's other users do meanwhile: decisions in the portal, an administrator's removal. */
const outside: string[] = [];
/** Every line of every driver run, written next to the test results when the test fails. */
const driverLog: string[] = [];
async function actOutsideTheApp(): Promise<string[]> {
  const done = outside;
  const state = await emu.hooks.state();
  const pending = pimRequestsIn(state).filter((r) => r.action === "selfActivate" && r.status === "PendingApproval");
  for (const plan of plans) {
    const person = requester(plan.n);
    if (plan.kind === "approve-in-pim" || plan.kind === "deny-in-pim") {
      const request = pending.find((r) => r.principalId === person.id);
      if (!request) continue;
      const p01 = set.interactive.graph.user(sessionUser(approvers.p01));
      const stage = (await getApproval(p01, request.id)).stages[0]!;
      await decideApprovalStage(p01, request.id, stage.id, { reviewResult: plan.kind === "approve-in-pim" ? "Approve" : "Deny", justification: "Decided in the portal" });
      done.push(`${plan.kind} r${plan.n}`);
    }
    if (plan.kind === "admin-remove") {
      const latest = await latestOf(plan);
      const isActiveInPim = pimSchedulesIn(state).some((s) => s.principalId === person.id && s.groupId === id.admin);
      const isPastFloor = latest?.activatedAt && nowIn(state) - latest.activatedAt.getTime() > 6 * 60_000;
      if (latest?.status !== "active" || !isActiveInPim || !isPastFloor) continue;
      await set.worker.graph
        .app()
        .api(`${PIM}/assignmentScheduleRequests`)
        .post({ accessId: "member", principalId: person.id, groupId: id.admin, action: "adminRemove", justification: "Incident response" });
      done.push(`admin-remove r${plan.n}`);
    }
  }
  return done;
}

async function advance(seconds: number): Promise<void> {
  if (seconds <= 0) return;
  await set.hooks.advanceClock(seconds);
  await set.syncClock();
}

/** The same people and worker as the child process, in this process, until `isDone` (clock moved as needed). */
async function converge(isDone: () => Promise<boolean>, label: string): Promise<void> {
  await reconcileOpenRequests(set.worker);
  const said: string[] = [];
  const actor = createCrashActor(testDb.db, set, plans, (line) => {
    said.push(line);
    driverLog.push(`converge: ${line}`);
  });
  const deadline = Date.now() + 120_000;
  for (let round = 0; round < 3_000 && Date.now() < deadline; round++) {
    await actOutsideTheApp();
    const acted = await actor.actOnce();
    const s = await runWorkerOnce(set.worker, { handlers: jobHandlers, workerId: "converge", batchSize: 5 });
    if (acted || s.claimed > 0) continue;
    if (await isDone()) return;
    const next = await testDb.db.outboxJob.findFirst({ where: { status: { in: ["pending", "running"] } }, orderBy: { runAt: "asc" } });
    const wait = next ? Math.ceil((next.runAt.getTime() - set.worker.now().getTime()) / 1000) : 60;
    await advance(Math.min(Math.max(wait, 1), 6 * 60));
  }
  const rows = await testDb.db.accessRequest.findMany({ orderBy: { number: "asc" }, include: { decisions: true } });
  const jobs = await testDb.db.outboxJob.findMany({ where: { status: { not: "done" } } });
  throw new Error(
    `${label}: did not converge; last actions: ${said.slice(-12).join(" · ")}\n${rows.map((r) => `#${r.number} ${r.requesterId.slice(-4)} ${r.status} pim=${r.pimStatus} decisions=${r.decisions.map((d) => `${d.kind}${d.isFinal ? "!" : ""}`).join(",")}`).join("\n")}\n` +
      jobs.map((j) => `${j.kind} ${j.status} ${j.runAt.toISOString()} ${j.lastError ?? ""}`).join("\n"),
  );
}

/** Every request compared with PIM; returns the app's states by plan. */
async function compareWithPim(): Promise<Map<number, RequestState>> {
  const state = await emu.hooks.state();
  const pim = { requests: pimRequestsIn(state), schedules: pimSchedulesIn(state), approvals: pimApprovalsIn(state) };
  const rows = await testDb.db.accessRequest.findMany({ orderBy: { number: "asc" } });
  for (const row of rows) {
    if (row.pimRequestId) expect(row.status, `request #${row.number} of ${row.requesterId}`).toBe(stateFromPim(row.pimRequestId, pim));
    else expect(row, `request #${row.number} never reached PIM`).toMatchObject({ status: "failed", failureCode: "not_submitted" });
  }
  // Nothing submitted twice, nothing orphaned: each PIM activation belongs to exactly one of our requests.
  const activations = pim.requests.filter((r) => r.action === "selfActivate");
  expect(activations.map((r) => r.id).sort()).toEqual(rows.flatMap((r) => (r.pimRequestId ? [r.pimRequestId] : [])).sort());
  const latest = new Map<number, RequestState>();
  for (const plan of plans) latest.set(plan.n, (await latestOf(plan))!.status);
  return latest;
}

const beforeWindowCloses: Record<CrashPlan["kind"], (p: CrashPlan) => RequestState> = {
  approve: (p) => (p.deactivate ? "deactivated" : "active"),
  deny: () => "denied",
  cancel: () => "canceled",
  "approve-in-pim": () => "active",
  "deny-in-pim": () => "denied",
  timeout: () => "pending_approval",
  "admin-remove": () => "deactivated",
};
const afterWindowCloses: Record<CrashPlan["kind"], (p: CrashPlan) => RequestState> = {
  ...beforeWindowCloses,
  approve: (p) => (p.deactivate ? "deactivated" : "expired"),
  "approve-in-pim": () => "expired",
  timeout: () => "timed_out",
};

/**
 * Lifecycle events each finished request must hold exactly once. `request.routed` is left out for decisions made
 * in PIM: when PIM decided before the app saw its request (crash before the answer was recorded), nobody is asked.
 */
function expectedEvents(plan: CrashPlan): string[] {
  const base = ["request.submitted", "request.pim_submitted"];
  const routed = [...base, "request.routed"];
  switch (plan.kind) {
    case "approve":
      return [...routed, "approval.decided", "request.approved", "request.activated", plan.deactivate ? "request.deactivated" : "request.expired"];
    case "admin-remove":
      return [...routed, "approval.decided", "request.approved", "request.activated", "request.deactivated"];
    case "deny":
      return [...routed, "approval.decided", "request.denied"];
    case "cancel":
      // The requester may cancel before the approvers were asked (a crash right after PIM's answer was recorded).
      return [...base, "request.canceled"];
    case "approve-in-pim":
      return [...base, "request.approved", "request.activated", "request.expired"];
    case "deny-in-pim":
      return [...base, "request.denied"];
    case "timeout":
      return [...routed, "request.timed_out"];
  }
}

describe("crashes", () => {
  it(`${CRASHES} SIGKILLs at random points: every request ends in the state PIM says, no decision twice, no audit event lost`, async () => {
    const seed = seedFromEnv();
    const random = seededRandom(seed);
    process.stdout.write(`[crashes] seed ${seed} (repeat with RELIABILITY_SEED=${seed})\n`);
    const config: CrashConfig = { dbUrl: testDb.url, emulatorUrl: emu.url, tokenFile: path.join(emu.dataDir, "driver-tokens.json"), plans, maxSteps: 100_000 };
    const t0 = Date.now();
    const killedAfter: string[] = [];
    const restartMs: number[] = [];

    for (let crash = 1; crash <= CRASHES; crash++) {
      const spawnedAt = Date.now();
      const driver = await startDriver("tests/reliability/support/crash-driver.ts", [JSON.stringify(config)]);
      await driver.waitForLine((l) => l === "ready", { timeoutMs: 60_000 });
      restartMs.push(Date.now() - spawnedAt);
      // Kill after 1–8 more events plus up to 120 ms: anywhere inside a use case, a job, a transaction. While the
      // driver is idle (waiting for PIM's floor, a retry, a poll), time moves on instead.
      const events = 1 + Math.floor(random() * 8);
      let seen = 0;
      let moving: Promise<void> | undefined;
      await driver
        .waitForLine(
          (l) => {
            if (l !== "idle") return ++seen >= events;
            moving ??= advance(30 + Math.floor(random() * 200)).finally(() => (moving = undefined));
            return false;
          },
          { timeoutMs: 60_000 },
        )
        .catch((e: unknown) => {
          throw new Error(`crash ${crash}: ${(e as Error).message}\n${driver.lines.slice(-10).join("\n")}`);
        });
      await new Promise((r) => setTimeout(r, Math.floor(random() * 120)));
      await driver.kill("SIGKILL");
      await moving;
      expect((await driver.exited).signal).toBe("SIGKILL");
      killedAfter.push(driver.lines[driver.lines.length - 1] ?? "");
      driverLog.push(`--- run ${crash}`, ...driver.lines, ...driver.stderr.map((l) => `stderr: ${l}`));
      await actOutsideTheApp();
      // Sometimes past a job lease (5 min) and PIM's deactivation floor, usually a little.
      await advance(crash % 6 === 0 ? 6 * 60 : Math.floor(random() * 60));
    }
    process.stdout.write(`[crashes] ${CRASHES} kills in ${((Date.now() - t0) / 1000).toFixed(1)} s; last lines before each kill: ${killedAfter.join(" · ")}\n`);

    // Restart once more and let it finish: first the state before PIM's 24-hour window closes…
    const isAt = (want: Record<CrashPlan["kind"], (p: CrashPlan) => RequestState>) => async () => {
      for (const plan of plans) if ((await latestOf(plan))?.status !== want[plan.kind](plan)) return false;
      return (await testDb.db.outboxJob.count({ where: { kind: { not: "pim.sync-request" }, status: { in: ["pending", "running"] }, runAt: { lte: set.worker.now() } } })) === 0;
    };
    await converge(isAt(beforeWindowCloses), "before the window closes");
    const before = await compareWithPim();
    for (const plan of plans) expect(before.get(plan.n), `r${plan.n} (${plan.kind})`).toBe(beforeWindowCloses[plan.kind](plan));

    // …then after it: undecided requests time out, activations nobody ended expire.
    await advance(25 * 3600);
    await converge(isAt(afterWindowCloses), "after the window closes");
    const after = await compareWithPim();
    for (const plan of plans) expect(after.get(plan.n), `r${plan.n} (${plan.kind})`).toBe(afterWindowCloses[plan.kind](plan));

    // No decision applied twice: one final decision at most per request, one PIM review at most per approval.
    const rows = await testDb.db.accessRequest.findMany({ include: { decisions: true } });
    for (const row of rows) expect(row.decisions.filter((d) => d.isFinal).length, `request #${row.number}`).toBeLessThanOrEqual(1);
    for (const approval of pimApprovalsIn(await emu.hooks.state())) {
      expect(approval.stages.filter((s) => s.reviewResult !== "NotReviewed").length).toBeLessThanOrEqual(1);
    }

    // No audit event lost or doubled.
    const chain = await verifyAuditLog(testDb.db);
    expect(chain.ok).toBe(true);
    for (const plan of plans) {
      const latest = (await latestOf(plan))!;
      const events = await testDb.db.auditEvent.findMany({ where: { requestId: latest.id }, select: { action: true } });
      const counts = new Map<string, number>();
      for (const e of events) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
      const wanted = expectedEvents(plan);
      expect(Object.fromEntries(wanted.map((a) => [a, counts.get(a) ?? 0])), `r${plan.n} (${plan.kind})`).toEqual(Object.fromEntries(wanted.map((a) => [a, 1])));
      expect(counts.get("request.routed") ?? 0, `r${plan.n} routed`).toBeLessThanOrEqual(1);
    }
    for (const row of rows.filter((r) => !r.pimRequestId)) {
      const actions = (await testDb.db.auditEvent.findMany({ where: { requestId: row.id }, select: { action: true } })).map((e) => e.action);
      expect(actions.filter((a) => a === "request.failed")).toHaveLength(1);
    }

    recordSummary("crashes", {
      crashes: CRASHES,
      "mean restart ms": Math.round(restartMs.reduce((a, b) => a + b, 0) / Math.max(1, restartMs.length)),
      "kills during a decision": killedAfter.filter((l) => /^act (approve|deny) /.test(l)).length,
      "adopted from PIM after a crash": await testDb.db.auditEvent.count({ where: { action: "request.pim_submitted", data: { path: ["adopted"], equals: true } } }),
      "votes recovered": await testDb.db.auditEvent.count({ where: { action: "approval.decided", data: { path: ["recovered"], equals: true } } }),
      "stale claims released": await testDb.db.auditEvent.count({ where: { action: "approval.pim_rejected", data: { path: ["code"], equals: "interrupted" } } }),
      requests: rows.length,
      "changes outside the app": outside.length,
      "audit events": chain.checked,
      seed,
    });
  }, 300_000);
});
