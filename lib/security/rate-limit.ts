/**
 * Rate limits counted in the database (table rate_limit_buckets, migration 0005), so they hold across replicas:
 * fixed windows, one atomic `INSERT … ON CONFLICT DO UPDATE … RETURNING count` per check. Every attempt counts,
 * also refused ones, so hammering does not reset anything.
 *
 *   const r = await checkRateLimit("sign-in:ip:203.0.113.7", 30, 600);
 *   if (!r.isAllowed) → 429 with Retry-After: r.retryAfterSeconds
 *
 * Use cases and server actions call `enforceRateLimits(rules)`, which throws AppError("rate_limited") with
 * `retryAfterSeconds`; lib/security/rate-limit-policies.ts has the rules for sign-in, submit, decide,
 * cancel and deactivate.
 */
import { db as appDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export interface RateLimitResult {
  isAllowed: boolean;
  /** Attempts in the current window, this one included. */
  count: number;
  limit: number;
  /** Seconds until the window resets (≥ 1). */
  retryAfterSeconds: number;
}

export interface RateLimitRule {
  key: string;
  limit: number;
  windowSec: number;
  /** Shown to the person when this rule refuses ("Too many sign-in attempts from your network."). */
  message: string;
}

export interface RateLimitDeps {
  db?: Db;
  now?: Date;
}

/** Keys come from headers and ids: bounded, so a hostile header cannot grow the table's index. */
const MAX_KEY_LENGTH = 200;
/** One check in this many also deletes windows that ended more than a day ago. */
const CLEANUP_EVERY = 200;

export async function checkRateLimit(key: string, limit: number, windowSec: number, deps: RateLimitDeps = {}): Promise<RateLimitResult> {
  if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(windowSec) || windowSec < 1) throw new Error("checkRateLimit: limit and windowSec must be positive integers");
  const db = deps.db ?? appDb;
  const now = deps.now ?? new Date();
  const windowMs = windowSec * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const expiresAt = new Date(windowStart.getTime() + windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count, expires_at)
    VALUES (${key.slice(0, MAX_KEY_LENGTH)}, ${windowStart}::timestamptz, 1, ${expiresAt}::timestamptz)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + 1
    RETURNING count`;
  if (Math.random() * CLEANUP_EVERY < 1) {
    await db.$executeRaw`DELETE FROM rate_limit_buckets WHERE expires_at < ${new Date(now.getTime() - 24 * 3600_000)}::timestamptz`;
  }
  const count = Number(rows[0]?.count ?? limit + 1);
  return { isAllowed: count <= limit, count, limit, retryAfterSeconds: Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000)) };
}

export interface RateLimitRefusal {
  /** The first exceeded rule's message. */
  message: string;
  /** When every exceeded rule allows again. */
  retryAfterSeconds: number;
  /** The exceeded rules' keys without their last part (the person or address), for logs. */
  keys: string[];
}

/** Checks every rule (all are counted); null when all allow, else what refused. */
export async function checkRateLimits(rules: readonly RateLimitRule[], deps: RateLimitDeps = {}): Promise<RateLimitRefusal | null> {
  const results = await Promise.all(rules.map((r) => checkRateLimit(r.key, r.limit, r.windowSec, deps)));
  const refused = results.map((r, i) => ({ r, rule: rules[i]! })).filter(({ r }) => !r.isAllowed);
  if (refused.length === 0) return null;
  return {
    message: refused[0]!.rule.message,
    retryAfterSeconds: Math.max(...refused.map(({ r }) => r.retryAfterSeconds)),
    keys: refused.map(({ rule }) => rule.key.replace(/:[^:]*$/, ":…")),
  };
}

/** Checks every rule (all are counted); throws AppError("rate_limited") naming the first one exceeded. */
export async function enforceRateLimits(rules: readonly RateLimitRule[], deps: RateLimitDeps = {}): Promise<void> {
  const refusal = await checkRateLimits(rules, deps);
  if (!refusal) return;
  const minutes = Math.ceil(refusal.retryAfterSeconds / 60);
  throw new AppError("rate_limited", `${refusal.message} Try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`, {
    retryAfterSeconds: refusal.retryAfterSeconds,
    details: { keys: refusal.keys },
  });
}
