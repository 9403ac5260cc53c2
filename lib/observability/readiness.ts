/**
 * Readiness for Kubernetes: may this replica receive traffic? Hard dependencies (the database, an app-only token
 * from Entra) → 503 when they fail, so a replica with a broken credential or no database drops out of the Service.
 * The outbox is soft: jobs overdue by more than a few minutes mean "degraded" (still 200 — another replica, or the
 * next worker tick, may catch up, and pulling every replica would make things worse).
 *
 * The body names each check and its state, never connection strings, tokens or error texts from libraries.
 * Probing often is cheap: MSAL serves the app token from its cache until shortly before it expires.
 */
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

export type CheckState = "ok" | "degraded" | "fail";

export interface ReadinessReport {
  status: "ready" | "degraded" | "unavailable";
  checks: {
    database: { status: CheckState; latencyMs: number; error?: string };
    entraToken: { status: CheckState; latencyMs: number; error?: string };
    outbox: { status: CheckState | "unknown"; overdueJobs?: number; oldestOverdueSeconds?: number; maxDelayMinutes: number };
  };
}

export interface ReadinessOptions {
  db: Db;
  /** An app-only token (Graph); only success matters, the token is discarded. */
  getToken: () => Promise<string>;
  now?: () => Date;
  databaseTimeoutMs?: number;
  tokenTimeoutMs?: number;
  /** Pending jobs due longer ago than this make the outbox "degraded". */
  outboxMaxDelayMinutes?: number;
}

export const DEFAULT_OUTBOX_MAX_DELAY_MINUTES = 10;

class TimeoutError extends Error {}

async function timed<T>(fn: () => Promise<T>, timeoutMs: number): Promise<{ value: T; latencyMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const value = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError()), timeoutMs);
      }),
    ]);
    return { value, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(options: ReadinessOptions): Promise<{ httpStatus: 200 | 503; report: ReadinessReport }> {
  const now = options.now ?? (() => new Date());
  const maxDelayMinutes = options.outboxMaxDelayMinutes ?? DEFAULT_OUTBOX_MAX_DELAY_MINUTES;

  const [database, entraToken] = await Promise.all([
    timed(() => options.db.$queryRaw`SELECT 1`, options.databaseTimeoutMs ?? 2_000).then(
      (r): ReadinessReport["checks"]["database"] => ({ status: "ok", latencyMs: r.latencyMs }),
      (e: unknown): ReadinessReport["checks"]["database"] => {
        log.warn("readiness: database check failed", { error: e });
        return { status: "fail", latencyMs: -1, error: e instanceof TimeoutError ? "timed out" : "query failed" };
      },
    ),
    timed(options.getToken, options.tokenTimeoutMs ?? 5_000).then(
      (r): ReadinessReport["checks"]["entraToken"] => ({ status: "ok", latencyMs: r.latencyMs }),
      (e: unknown): ReadinessReport["checks"]["entraToken"] => {
        log.warn("readiness: app token failed", { error: e });
        const error = e instanceof TimeoutError ? "timed out" : isAppError(e) ? `token request failed (${e.code})` : "token request failed";
        return { status: "fail", latencyMs: -1, error };
      },
    ),
  ]);

  let outbox: ReadinessReport["checks"]["outbox"] = { status: "unknown", maxDelayMinutes };
  if (database.status === "ok") {
    const overdueBefore = new Date(now().getTime() - maxDelayMinutes * 60_000);
    try {
      const { value } = await timed(
        () => options.db.$queryRaw<{ n: number; oldest: number | null }[]>`
          SELECT count(*)::int AS n, extract(epoch FROM (${now()}::timestamptz - min(run_at)))::float8 AS oldest
          FROM outbox_jobs WHERE status = 'pending' AND run_at < ${overdueBefore}::timestamptz`,
        options.databaseTimeoutMs ?? 2_000,
      );
      const n = value[0]?.n ?? 0;
      outbox = { status: n > 0 ? "degraded" : "ok", overdueJobs: n, oldestOverdueSeconds: n > 0 ? Math.round(value[0]?.oldest ?? 0) : 0, maxDelayMinutes };
    } catch (e) {
      log.warn("readiness: outbox check failed", { error: e });
    }
  }

  const isUnavailable = database.status === "fail" || entraToken.status === "fail";
  const status = isUnavailable ? "unavailable" : outbox.status === "degraded" ? "degraded" : "ready";
  return { httpStatus: isUnavailable ? 503 : 200, report: { status, checks: { database, entraToken, outbox } } };
}
