/**
 * Runs outbox jobs. Safe with several replicas: jobs are claimed with FOR UPDATE SKIP LOCKED in a short
 * transaction, handlers run outside it (Graph calls must not hold database locks), and a job whose worker died
 * mid-run is claimed again once its lease has passed. Handlers must therefore be idempotent.
 */
import { hostname } from "node:os";
import { appendAudit } from "@/lib/audit/append";
import { systemActor } from "@/lib/audit/events";
import { log } from "@/lib/log";
import type { Deps } from "@/lib/requests/deps";
import { backoffMs, retryAfterOf, type BackoffOptions } from "./backoff";
import { jobPayloads, type JobKind } from "./outbox";
import { reconcileOpenRequests } from "./reconcile";
import { PermanentJobError, type ClaimedJob, type JobHandler, type JobHandlers, type JobResult } from "./types";

export interface WorkerOptions {
  handlers: JobHandlers;
  workerId?: string;
  batchSize?: number;
  /** A `running` job older than this is considered abandoned (its worker crashed) and is claimed again. */
  leaseMs?: number;
  backoff?: BackoffOptions;
}

export interface RunSummary {
  claimed: number;
  done: number;
  rescheduled: number;
  retried: number;
  dead: number;
}

const defaultWorkerId = `${hostname()}:${process.pid}`;

export async function claimJobs(deps: Deps, workerId: string, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
  const now = deps.now();
  const staleBefore = new Date(now.getTime() - leaseMs);
  return deps.db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM outbox_jobs
      WHERE (status = 'pending' AND run_at <= ${now}::timestamptz)
         OR (status = 'running' AND locked_at < ${staleBefore}::timestamptz)
      ORDER BY run_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED`;
    if (due.length === 0) return [];
    const ids = due.map((d) => d.id);
    await tx.outboxJob.updateMany({
      where: { id: { in: ids } },
      data: { status: "running", lockedBy: workerId, lockedAt: now, attempts: { increment: 1 } },
    });
    const jobs = await tx.outboxJob.findMany({ where: { id: { in: ids } }, orderBy: { runAt: "asc" } });
    return jobs.map((j) => ({ id: j.id, kind: j.kind, payload: j.payload, attempts: j.attempts, maxAttempts: j.maxAttempts }));
  });
}

async function runOne(deps: Deps, job: ClaimedJob, handlers: JobHandlers): Promise<JobResult> {
  const kind = job.kind as JobKind;
  const schema = jobPayloads[kind];
  if (!schema) throw new PermanentJobError(`no handler for job kind "${job.kind}"`);
  const parsed = schema.safeParse(job.payload);
  if (!parsed.success) throw new PermanentJobError(`invalid ${job.kind} payload: ${parsed.error.message}`);
  const handler = handlers[kind] as JobHandler<JobKind>;
  return handler({ deps, job, payload: parsed.data });
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; statusCode?: number; code?: string };
  return [e.name, e.statusCode, e.code, e.message].filter((x) => x !== undefined && x !== "").join(" ").slice(0, 2000) || String(error);
}

export async function runWorkerOnce(deps: Deps, options: WorkerOptions): Promise<RunSummary> {
  const workerId = options.workerId ?? defaultWorkerId;
  const jobs = await claimJobs(deps, workerId, options.batchSize ?? 10, options.leaseMs ?? 5 * 60_000);
  const summary: RunSummary = { claimed: jobs.length, done: 0, rescheduled: 0, retried: 0, dead: 0 };
  for (const job of jobs) {
    // Only touch the row while we still hold it: after a lease expiry another worker may own it.
    const mine = { id: job.id, lockedBy: workerId, status: "running" as const };
    try {
      const result = await runOne(deps, job, options.handlers);
      const now = deps.now();
      if (result?.rescheduleAt) {
        await deps.db.outboxJob.updateMany({
          where: mine,
          data: { status: "pending", runAt: result.rescheduleAt, attempts: 0, lockedBy: null, lockedAt: null, lastError: null },
        });
        summary.rescheduled++;
      } else {
        await deps.db.outboxJob.updateMany({ where: mine, data: { status: "done", doneAt: now, lockedBy: null, lockedAt: null, lastError: null } });
        summary.done++;
      }
    } catch (error) {
      const now = deps.now();
      const message = describe(error);
      const isPermanent = error instanceof PermanentJobError;
      if (isPermanent || job.attempts >= job.maxAttempts) {
        log.error("job dead", { jobId: job.id, kind: job.kind, attempts: job.attempts, error: message });
        await deps.db.$transaction(async (tx) => {
          const { count } = await tx.outboxJob.updateMany({ where: mine, data: { status: "dead", lastError: message, lockedBy: null, lockedAt: null } });
          if (count === 1) {
            const requestId = (job.payload as { requestId?: unknown } | null)?.requestId;
            await appendAudit(
              tx,
              {
                action: "job.dead",
                actor: systemActor,
                requestId: typeof requestId === "string" ? requestId : null,
                data: { jobId: job.id, kind: job.kind, attempts: job.attempts, error: message },
              },
              now,
            );
          }
        });
        summary.dead++;
      } else {
        const delay = backoffMs(job.attempts, retryAfterOf(error, now), options.backoff);
        log.warn("job failed, will retry", { jobId: job.id, kind: job.kind, attempts: job.attempts, retryInMs: delay, error: message });
        await deps.db.outboxJob.updateMany({
          where: mine,
          data: { status: "pending", runAt: new Date(now.getTime() + delay), lastError: message, lockedBy: null, lockedAt: null },
        });
        summary.retried++;
      }
    }
  }
  return summary;
}

export interface RunningWorker {
  /** Finishes the batch in progress, then resolves. */
  stop(): Promise<void>;
}

/** Polls for due jobs every `intervalMs` (immediately again after a full batch) and reconciles open requests. */
export function startWorker(deps: Deps, options: WorkerOptions & { intervalMs?: number; reconcileIntervalMs?: number }): RunningWorker {
  const intervalMs = options.intervalMs ?? 2_000;
  const reconcileIntervalMs = options.reconcileIntervalMs ?? 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastReconcile = 0;
  let current: Promise<void> = Promise.resolve();

  const tick = async () => {
    let full = false;
    try {
      if (Date.now() - lastReconcile >= reconcileIntervalMs) {
        lastReconcile = Date.now();
        await reconcileOpenRequests(deps);
      }
      const s = await runWorkerOnce(deps, options);
      full = s.claimed >= (options.batchSize ?? 10);
    } catch (error) {
      log.error("worker tick failed", { error });
    }
    if (!stopped) timer = setTimeout(schedule, full ? 0 : intervalMs);
  };
  const schedule = () => {
    current = tick();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
