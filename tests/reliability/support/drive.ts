/**
 * Driving the app through a scenario: a bounded concurrency pool, "press the button again" retries for the
 * errors a person would retry, and a worker drain that moves the emulated clock forward to the next due job
 * instead of sleeping (the back-off honours Retry-After in the app's time, which follows the emulator's clock).
 */
import { isAppError } from "@/lib/errors";
import { jobHandlers } from "@/lib/jobs/handlers";
import { runWorkerOnce, type RunSummary } from "@/lib/jobs/worker";
import type { AppDepsSet } from "./app-deps";

export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** What a person does when the page says "Microsoft is busy, try again": tries again (bounded). */
export async function asPersonRetrying<T>(fn: () => Promise<T>, o: { attempts?: number; onRetry?: (e: unknown) => void } = {}): Promise<T> {
  const attempts = o.attempts ?? 6;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const isRetryable = isAppError(e) && (e.code === "rate_limited" || e.code === "upstream");
      if (!isRetryable || attempt >= attempts) throw e;
      o.onRetry?.(e);
    }
  }
}

export interface DrainStats extends RunSummary {
  clockAdvancedSeconds: number;
}

/**
 * Runs `workers` workers side by side until `isDone()` holds and nothing is due. When nothing is due but the
 * scenario is not done, the emulated clock jumps to the next job's run_at (at most `maxStepSeconds` at a time).
 */
export async function drainUntil(
  set: AppDepsSet,
  isDone: () => Promise<boolean>,
  o: { workers?: number; maxStepSeconds?: number; maxRounds?: number; label?: string } = {},
): Promise<DrainStats> {
  const total: DrainStats = { claimed: 0, done: 0, rescheduled: 0, retried: 0, dead: 0, clockAdvancedSeconds: 0 };
  const workers = o.workers ?? 3;
  const maxRounds = o.maxRounds ?? 2_000;
  const db = set.worker.db;
  for (let round = 0; round < maxRounds; round++) {
    const summaries = await Promise.all(
      Array.from({ length: workers }, (_, w) => runWorkerOnce(set.worker, { handlers: jobHandlers, workerId: `drain-${w}`, batchSize: 5 })),
    );
    let claimed = 0;
    for (const s of summaries) {
      for (const k of ["claimed", "done", "rescheduled", "retried", "dead"] as const) total[k] += s[k];
      claimed += s.claimed;
    }
    if (claimed > 0) continue;
    if (await isDone()) return total;
    const next = await db.outboxJob.findFirst({ where: { status: "pending" }, orderBy: { runAt: "asc" }, select: { runAt: true } });
    if (!next) throw new Error(`${o.label ?? "drain"}: nothing left to run, but the scenario is not done`);
    const wait = Math.ceil((next.runAt.getTime() - set.worker.now().getTime()) / 1000);
    const step = Math.min(Math.max(wait, 1), o.maxStepSeconds ?? 120);
    await set.hooks.advanceClock(step);
    await set.syncClock();
    total.clockAdvancedSeconds += step;
  }
  throw new Error(`${o.label ?? "drain"}: not done after ${maxRounds} rounds`);
}

/** The `x-jit-…` headers the app puts on every email (lib/jobs/handlers/mail-send.ts). */
export function mailHeader(m: { headers: { name: string; value: string }[] }, name: string): string | undefined {
  return m.headers.find((h) => h.name.toLowerCase() === name)?.value;
}
