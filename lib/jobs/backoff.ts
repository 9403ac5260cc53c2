/**
 * When to retry a failed job. A server-sent Retry-After (Graph 429/503) is honoured — never retried earlier —
 * with a little jitter on top so a crowd of throttled jobs does not return in the same second. Otherwise
 * exponential back-off with "equal jitter". Both are capped.
 */
import { isAppError } from "@/lib/errors";
import { retryAfterSeconds } from "@/lib/entra/pim-errors";

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** Upper bound on a server's Retry-After we are willing to wait. */
  maxRetryAfterMs?: number;
  random?: () => number;
}

export function backoffMs(attempt: number, retryAfterSec: number | undefined, o: BackoffOptions = {}): number {
  const random = o.random ?? Math.random;
  if (retryAfterSec !== undefined) {
    const wait = Math.min(Math.max(retryAfterSec * 1000, 1000), o.maxRetryAfterMs ?? 60 * 60_000);
    return Math.round(wait + random() * wait * 0.1);
  }
  const exp = Math.min(o.capMs ?? 30 * 60_000, (o.baseMs ?? 5_000) * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Retry-After from a Graph error's headers, or from an AppError that carries one. */
export function retryAfterOf(error: unknown, now: Date): number | undefined {
  if (isAppError(error)) {
    return error.options.retryAfterSeconds ?? retryAfterOf(error.options.cause, now);
  }
  return retryAfterSeconds(error, now);
}
