import { randomToken, sha256Hex } from "@/lib/crypto";
import { db as defaultDb, type Db } from "@/lib/db/client";
import { loadEnv } from "@/lib/env";
import { type CookieJar, clearCookie, sessionCookie } from "./cookies";
import { requestCookies } from "./request-cookies";

/**
 * Server-side sessions. The browser holds a random 256-bit token; the database holds only its SHA-256 as the
 * session id, so a leaked `sessions` table cannot be replayed as cookies. A session ends after 12 hours without
 * activity or 7 days after sign-in, whichever comes first.
 */
export const IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often, so page views do not each cost a database write. */
export const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionMeta {
  ip?: string | null;
  userAgent?: string | null;
}

export interface SessionDeps {
  db?: Db;
  jar?: CookieJar;
  now?: Date;
  appUrl?: string;
}

export interface ActiveSession {
  id: string;
  homeAccountId: string;
  csrfSecret: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  user: { id: string; upn: string; displayName: string; email: string | null };
}

async function resolve(deps: SessionDeps) {
  return {
    db: deps.db ?? defaultDb,
    jar: deps.jar ?? (await requestCookies()),
    now: deps.now ?? new Date(),
    cookie: sessionCookie(deps.appUrl ?? loadEnv().APP_URL),
  };
}

const tokenFormat = /^[A-Za-z0-9_-]{43}$/;

function presentedSessionId(jar: CookieJar, name: string): string | null {
  const token = jar.get(name)?.value;
  return token && tokenFormat.test(token) ? sha256Hex(token) : null;
}

/**
 * Starts a session for a user who just signed in. Whatever session the browser presented is deleted first, so a
 * session id planted before sign-in (fixation) never becomes an authenticated one.
 */
export async function createSession(
  user: { id: string },
  homeAccountId: string,
  meta: SessionMeta,
  deps: SessionDeps = {},
): Promise<{ sessionId: string; expiresAt: Date }> {
  const { db, jar, now, cookie } = await resolve(deps);
  const previous = presentedSessionId(jar, cookie.name);
  const token = randomToken(32);
  const sessionId = sha256Hex(token);
  const expiresAt = new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS);
  await db.$transaction(async (tx) => {
    if (previous) await tx.session.deleteMany({ where: { id: previous } });
    // Housekeeping while we are here: this user's sessions that can no longer be used.
    await tx.session.deleteMany({
      where: { userId: user.id, OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: new Date(now.getTime() - IDLE_TIMEOUT_MS) } }] },
    });
    await tx.session.create({
      data: {
        id: sessionId,
        userId: user.id,
        homeAccountId,
        csrfSecret: randomToken(32),
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: meta.ip?.slice(0, 64) ?? null,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
      },
    });
  });
  jar.set(cookie.name, token, cookie.options);
  return { sessionId, expiresAt };
}

export function isSessionExpired(s: { expiresAt: Date; lastSeenAt: Date }, now: Date): boolean {
  return s.expiresAt.getTime() <= now.getTime() || now.getTime() - s.lastSeenAt.getTime() >= IDLE_TIMEOUT_MS;
}

/** The session behind the request's cookie, or null (no cookie, unknown, idle too long, or past 7 days). */
export async function getSession(deps: SessionDeps = {}): Promise<ActiveSession | null> {
  const { db, jar, now, cookie } = await resolve(deps);
  const id = presentedSessionId(jar, cookie.name);
  if (!id) return null;
  const row = await db.session.findUnique({
    where: { id },
    include: { user: { select: { id: true, upn: true, displayName: true, email: true } } },
  });
  if (!row) return null;
  if (isSessionExpired(row, now)) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  let lastSeenAt = row.lastSeenAt;
  if (now.getTime() - lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    // Conditional on the value we read, so concurrent requests produce one write, not one each.
    await db.session.updateMany({ where: { id, lastSeenAt: row.lastSeenAt }, data: { lastSeenAt: now } });
    lastSeenAt = now;
  }
  return {
    id: row.id,
    homeAccountId: row.homeAccountId,
    csrfSecret: row.csrfSecret,
    createdAt: row.createdAt,
    lastSeenAt,
    expiresAt: row.expiresAt,
    user: row.user,
  };
}

/** Ends the request's session (row and cookie). Returns what it ended, so the caller can drop the account's tokens. */
export async function destroySession(deps: SessionDeps = {}): Promise<{ userId: string; homeAccountId: string } | null> {
  const { db, jar, cookie } = await resolve(deps);
  const id = presentedSessionId(jar, cookie.name);
  if (jar.get(cookie.name) !== undefined) clearCookie(jar, cookie);
  if (!id) return null;
  const row = await db.session.findUnique({ where: { id }, select: { userId: true, homeAccountId: true } });
  await db.session.deleteMany({ where: { id } });
  return row;
}
