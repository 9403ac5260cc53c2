/**
 * Two app replicas (two processes, support/replica-driver.ts) on one real PostgreSQL:
 *  - 50 pairs of approvers decide the same request at the same instant, one on each replica: exactly one
 *    decision reaches PIM (PATCHes counted at the emulator), the other approver is told who decided;
 *  - two workers drain 300 email jobs together: every job runs once (claimed with FOR UPDATE SKIP LOCKED),
 *    every email arrives once.
 * PGlite runs one transaction at a time, which would make both properties trivially true, so this test needs
 * TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) and is skipped without it.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "@/lib/audit/verify";
import { enqueue } from "@/lib/jobs/outbox";
import { setLogLevel } from "@/lib/log";
import { ensureUser } from "@/lib/requests/records";
import { submitRequest } from "@/lib/requests/submit-request";
import { syncTargets } from "@/lib/targets";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { createAppDeps, type AppDepsSet } from "./support/app-deps";
import { startDriver, type DriverProcess } from "./support/child";
import { pool } from "./support/drive";
import { approvers, fleetTenant, id, requesters, sessionUser } from "./support/fleet";
import { pimApprovalsIn } from "./support/pim-state";
import { createPostgresTestDatabase, realPostgresUrl, type PostgresTestDatabase } from "./support/postgres";
import { recordStart, recordSummary } from "./support/summary";

const PAIRS = 50;
const JOBS = 300;
const serverUrl = realPostgresUrl();

if (!serverUrl) {
  process.stdout.write("replicas: SKIPPED — set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run the two-replica test on real PostgreSQL\n");
  recordSummary("replicas", { skipped: 1 });
}

interface Replica {
  driver: DriverProcess;
  send(command: object): void;
  next(op: string, id?: number): Promise<Record<string, unknown>>;
}

async function startReplica(name: string, config: object): Promise<Replica> {
  const driver = await startDriver("tests/reliability/support/replica-driver.ts", [JSON.stringify({ ...config, name })]);
  return {
    driver,
    send: (command) => void driver.child.stdin!.write(`${JSON.stringify(command)}\n`),
    next: async (op, id) =>
      JSON.parse(
        await driver.waitForLine((l) => {
          const m = JSON.parse(l) as { op?: string; id?: number };
          if (m.op === "crash") throw new Error(`replica ${name} crashed: ${l}`);
          return m.op === op && (id === undefined || m.id === id);
        }),
      ) as Record<string, unknown>,
  };
}

describe.skipIf(!serverUrl)("two replicas on one PostgreSQL", () => {
  let emu: TestEmulator;
  let pgDb: PostgresTestDatabase;
  let set: AppDepsSet;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    recordStart("replicas");
    setLogLevel("error");
    [emu, pgDb] = await Promise.all([startTestEmulator({ fixture: fleetTenant(PAIRS) }), createPostgresTestDatabase(serverUrl!)]);
    set = await createAppDeps({ db: pgDb.db, emulatorUrl: emu.url });
    await syncTargets(pgDb.db, set.interactive.targets);
    const config = { dbUrl: pgDb.url, emulatorUrl: emu.url, tokenFile: path.join(emu.dataDir, "replica-tokens.json") };
    replicas = await Promise.all([startReplica("a", config), startReplica("b", config)]);
    await Promise.all(replicas.map((r) => r.next("ready")));
    // Sign the approvers in up front (one after the other: they share the token file), so timing is the decision's.
    for (const r of replicas) {
      r.send({ op: "warm", upns: ["p01", "p02"] });
      await r.next("warm");
    }
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.driver.kill("SIGTERM")));
    await pgDb?.stop();
    await emu?.stop();
  });

  it(`${PAIRS} pairs of approvers deciding the same request at the same instant: exactly one decision reaches PIM`, async () => {
    const requests = await pool(requesters(PAIRS), 10, async (person, i) => {
      const r = await submitRequest(set.interactive, {
        user: sessionUser(person),
        input: { targetId: "aks-prod", durationMinutes: 60, justification: `Replica test request ${i + 1}` },
      });
      expect(r.outcome).toBe("pending_approval");
      return r.request.id;
    });
    expect(await pgDb.db.approvalLink.count()).toBe(PAIRS * 2);
    const patches = await emu.hooks.addFault({ method: "PATCH", path: "/assignmentApprovals/[^/]+/stages/", kind: "latency", latencyMs: 0 });

    const [a, b] = replicas as [Replica, Replica];
    const results = await pool(requests, 10, async (requestId, i) => {
      const at = Date.now() + 300;
      // p01 approves on replica a; p02 approves (every fifth: denies) on replica b — at the same instant.
      a.send({ op: "decide", id: i, requestId, approver: "p01", decision: "approve", at });
      b.send({ op: "decide", id: i, requestId, approver: "p02", decision: i % 5 === 0 ? "deny" : "approve", at });
      return Promise.all([a.next("decide", i), b.next("decide", i)]);
    });

    const state = await emu.hooks.state();
    const reviewed = new Map(pimApprovalsIn(state).map((ap) => [ap.id, ap.stages.filter((s) => s.reviewResult !== "NotReviewed")]));
    let winsA = 0;
    for (const [i, pair] of results.entries()) {
      const winners = pair.filter((r) => r.outcome);
      const losers = pair.filter((r) => r.error);
      expect(winners, `request ${i}: ${JSON.stringify(pair)}`).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const alreadyDecided: unknown = expect.stringMatching(/^Already decided: (approved|denied) by (Priya|Paul) Approver at /);
      expect(losers[0]!.error).toMatchObject({ code: "conflict", message: alreadyDecided });
      const winner = pair[0].outcome ? approvers.p01 : approvers.p02;
      if (winner === approvers.p01) winsA++;
      expect((losers[0]!.error as { message: string }).message).toContain(winner.displayName);

      const row = await pgDb.db.accessRequest.findUniqueOrThrow({ where: { id: requests[i]! }, include: { decisions: true } });
      expect(row.decisions.map((d) => [d.approverId, d.isFinal])).toEqual([[winner.id, true]]);
      expect(reviewed.get(row.pimApprovalId!)?.map((s) => s.reviewedBy?.id)).toEqual([winner.id]);
    }
    const patchCount = (await emu.hooks.faults()).find((f) => f.id === patches.id)?.hits ?? -1;
    expect(patchCount).toBe(PAIRS);
    expect((await verifyAuditLog(pgDb.db)).ok).toBe(true);

    recordSummary("replicas-decisions", { "concurrent decisions": PAIRS, "PATCHes reaching PIM": patchCount, "won by replica a": winsA });
  }, 240_000);

  it("first-time users written by concurrent transactions (routing the same new approver twice) all succeed", async () => {
    const newcomer = { id: "5e4d3c2b-0000-4000-8000-00000000e001", tenantId: id.tenant, upn: "newcomer@contoso.example", displayName: "New Comer" };
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => pgDb.db.$transaction((tx) => ensureUser(tx, newcomer))));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await pgDb.db.user.count({ where: { id: newcomer.id } })).toBe(1);
  });

  it(`two workers on two replicas run each of ${JOBS} jobs exactly once`, async () => {
    await emu.hooks.clearMail();
    await pgDb.db.outboxJob.deleteMany();
    const now = set.worker.now();
    await pgDb.db.$transaction(async (tx) => {
      for (let i = 0; i < JOBS; i++) {
        const subject = `Replica job ${i}`;
        const payload = { kind: "rendered" as const, template: "replica-test", requestId: null, to: [{ address: "p01@contoso.example" }], subject, html: `<p>${subject}</p>` };
        await enqueue(tx, "mail.send", payload, { dedupeKey: `replica-test:${i}` }, now);
      }
    });
    for (const r of replicas) r.send({ op: "work", idleRounds: 3 });
    const [workA, workB] = await Promise.all(replicas.map((r) => r.next("work")));

    const mails = await emu.hooks.mail();
    const subjects = mails.map((m) => m.subject);
    expect(new Set(subjects).size).toBe(JOBS);
    expect(subjects).toHaveLength(JOBS);
    const jobs = await pgDb.db.outboxJob.findMany({ select: { status: true, attempts: true } });
    expect(jobs.every((j) => j.status === "done" && j.attempts === 1)).toBe(true);
    const [doneA, doneB] = [workA!.done as number, workB!.done as number];
    expect(doneA + doneB).toBe(JOBS);
    expect(Math.min(doneA, doneB)).toBeGreaterThan(0);
    expect(await pgDb.db.auditEvent.count({ where: { action: "mail.sent", data: { path: ["template"], equals: "replica-test" } } })).toBe(JOBS);

    recordSummary("replicas", {
      "concurrent decisions": PAIRS,
      "jobs run by two workers": JOBS,
      "jobs by replica a": doneA,
      "jobs by replica b": doneB,
    });
  }, 240_000);
});
