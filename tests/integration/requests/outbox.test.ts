/**
 * The durable outbox and its worker against a real database and the emulator: idempotent enqueueing,
 * Retry-After from a throttled Graph call, dead jobs, crashed workers, concurrent claiming, reconcile.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jobHandlers } from "@/lib/jobs/handlers";
import { enqueue } from "@/lib/jobs/outbox";
import { reconcileOpenRequests, syncJobKey } from "@/lib/jobs/reconcile";
import { claimJobs, runWorkerOnce, startWorker } from "@/lib/jobs/worker";
import { submitRequest } from "@/lib/requests/submit-request";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(async () => {
  await h.reset();
});

const mailPayload = (to: string) => ({
  kind: "rendered" as const,
  template: "test",
  requestId: null,
  to: [{ address: to }],
  subject: `Hello ${to}`,
  html: "<p>hi</p>",
});
const enqueueMail = (to: string, options: Parameters<typeof enqueue>[3] = {}) =>
  h.testDb.db.$transaction((tx) => enqueue(tx, "mail.send", mailPayload(to), options, h.deps.now()));

describe("enqueue", () => {
  it("is idempotent on the dedupe key", async () => {
    await enqueueMail("p01@contoso.example", { dedupeKey: "mail:once" });
    await enqueueMail("p01@contoso.example", { dedupeKey: "mail:once" });
    expect(await h.testDb.db.outboxJob.count()).toBe(1);
    await h.runJobs();
    await enqueueMail("p01@contoso.example", { dedupeKey: "mail:once" });
    await h.runJobs();
    expect(await h.mail("p01@contoso.example")).toHaveLength(1);
  });

  it("rolls back with the caller's transaction", async () => {
    await expect(
      h.testDb.db.$transaction(async (tx) => {
        await enqueue(tx, "mail.send", mailPayload("p01@contoso.example"), {}, h.deps.now());
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    expect(await h.testDb.db.outboxJob.count()).toBe(0);
  });

  it("refuses a payload that does not match its kind", async () => {
    await expect(h.testDb.db.$transaction((tx) => enqueue(tx, "pim.sync-request", { requestId: 42 } as never))).rejects.toThrow();
  });
});

describe("retries", () => {
  it("a throttled sendMail is retried no earlier than Graph's Retry-After", async () => {
    await h.emu.hooks.addFault({ method: "POST", path: "/sendMail$", kind: "429", retryAfterSeconds: 120, count: 1 });
    await enqueueMail("p02@contoso.example");
    const before = h.deps.now().getTime();
    expect(await runWorkerOnce(h.deps, { handlers: jobHandlers })).toMatchObject({ claimed: 1, retried: 1 });
    const job = await h.testDb.db.outboxJob.findFirstOrThrow();
    expect(job).toMatchObject({ status: "pending", attempts: 1, lockedBy: null });
    expect(job.lastError).toContain("429");
    const wait = job.runAt.getTime() - before;
    expect(wait).toBeGreaterThanOrEqual(120_000);
    expect(wait).toBeLessThanOrEqual(133_000);

    await h.advance(60);
    expect((await h.runJobs()).claimed).toBe(0);
    expect(await h.mail("p02@contoso.example")).toEqual([]);
    await h.advance(75);
    expect((await h.runJobs()).done).toBe(1);
    expect(await h.mail("p02@contoso.example")).toHaveLength(1);
  });

  it("after maxAttempts a job is dead, with its error and an audit event", async () => {
    await h.emu.hooks.addFault({ method: "POST", path: "/sendMail$", kind: "503" });
    await enqueueMail("p02@contoso.example", { maxAttempts: 2 });
    expect((await runWorkerOnce(h.deps, { handlers: jobHandlers })).retried).toBe(1);
    await h.advance(3600);
    expect((await runWorkerOnce(h.deps, { handlers: jobHandlers })).dead).toBe(1);
    const job = await h.testDb.db.outboxJob.findFirstOrThrow();
    expect(job).toMatchObject({ status: "dead", attempts: 2 });
    expect(job.lastError).toContain("503");
    const audit = await h.testDb.db.auditEvent.findFirstOrThrow({ where: { action: "job.dead" }, orderBy: { seq: "desc" } });
    expect(audit.data).toMatchObject({ jobId: job.id, kind: "mail.send", attempts: 2 });
  });

  it("a job left running by a crashed worker is claimed again after its lease", async () => {
    await enqueueMail("p01@contoso.example");
    const [job] = await claimJobs(h.deps, "worker-that-crashes", 10, 60_000);
    expect(job).toBeDefined();
    expect((await runWorkerOnce(h.deps, { handlers: jobHandlers, leaseMs: 60_000 })).claimed).toBe(0);
    await h.advance(61);
    expect(await runWorkerOnce(h.deps, { handlers: jobHandlers, leaseMs: 60_000 })).toMatchObject({ claimed: 1, done: 1 });
    expect(await h.mail("p01@contoso.example")).toHaveLength(1);
  });
});

describe("several workers", () => {
  it("never hand the same job to two workers", async () => {
    for (let i = 0; i < 12; i++) await enqueueMail(`user${i}@contoso.example`);
    const [a, b, c] = await Promise.all([claimJobs(h.deps, "a", 5, 60_000), claimJobs(h.deps, "b", 5, 60_000), claimJobs(h.deps, "c", 5, 60_000)]);
    const ids = [...a, ...b, ...c].map((j) => j.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });
});

describe("the worker loop", () => {
  it("picks up jobs as they are enqueued and stops gracefully", async () => {
    const worker = startWorker(h.deps, { handlers: jobHandlers, intervalMs: 50, reconcileIntervalMs: 60_000 });
    try {
      await enqueueMail("p01@contoso.example");
      let delivered = 0;
      for (let i = 0; i < 100 && delivered === 0; i++) {
        delivered = (await h.mail("p01@contoso.example")).length;
        if (delivered === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(delivered).toBe(1);
    } finally {
      await worker.stop();
    }
    await enqueueMail("p02@contoso.example");
    // Stopped: the new job stays pending.
    expect(await h.testDb.db.outboxJob.count({ where: { status: "pending" } })).toBe(1);
  });
});

describe("reconcile", () => {
  it("gives every open request a sync job again, even after its job died", async () => {
    const { request } = await submitRequest(h.deps, {
      user: h.user("n01"),
      input: { targetId: "aks-prod", durationMinutes: 30, justification: "Check the failing pods" },
    });
    await h.testDb.db.outboxJob.updateMany({ where: { dedupeKey: syncJobKey(request.id) }, data: { status: "dead" } });
    expect(await reconcileOpenRequests(h.deps)).toBe(1);
    const job = await h.testDb.db.outboxJob.findUniqueOrThrow({ where: { dedupeKey: syncJobKey(request.id) } });
    expect(job).toMatchObject({ status: "pending", attempts: 0 });
    expect(await h.testDb.db.outboxJob.count({ where: { kind: "pim.sync-request" } })).toBe(1);
  });
});
