import { beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, createSession, destroySession, getSession } from "@/lib/auth/session";
import { setupTestDatabase } from "../../support/db";
import { MemoryCookieJar } from "./auth-env";

const testDb = setupTestDatabase();
const APP = "https://jit.contoso.example";
const COOKIE = "__Host-jit_session";
const user = { id: "5e4d3c2b-0000-4000-8000-00000000c001", upn: "n01@contoso.example", displayName: "Nora Requester" };
const home = `${user.id}.4d5e6f70-0000-4000-8000-000000000001`;
const t0 = new Date("2026-03-04T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

function deps(jar: MemoryCookieJar, now = t0) {
  return { db: testDb().db, jar, now, appUrl: APP };
}

beforeEach(async () => {
  const { db } = testDb();
  await db.session.deleteMany();
  await db.user.upsert({ where: { id: user.id }, create: { ...user, tenantId: "4d5e6f70-0000-4000-8000-000000000001" }, update: {} });
});

describe("sessions", () => {
  it("stores only the SHA-256 of the cookie token and sets a __Host- cookie on https", async () => {
    const jar = new MemoryCookieJar();
    const { sessionId, expiresAt } = await createSession(user, home, { ip: "10.0.0.1", userAgent: "vitest" }, deps(jar));
    const token = jar.get(COOKIE)?.value ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessionId).toBe(sha256Hex(token));
    expect(expiresAt).toEqual(at(ABSOLUTE_TIMEOUT_MS));
    expect(jar.writes.at(-1)?.options).toEqual({ httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 604800 });
    const rows = await testDb().db.session.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]).toMatchObject({ id: sessionId, userId: user.id, homeAccountId: home, ip: "10.0.0.1", userAgent: "vitest" });
    expect(rows[0]?.csrfSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("returns the user behind a valid cookie", async () => {
    const jar = new MemoryCookieJar();
    const { sessionId } = await createSession(user, home, {}, deps(jar));
    const s = await getSession(deps(jar, at(1000)));
    expect(s).toMatchObject({ id: sessionId, homeAccountId: home, user: { id: user.id, upn: user.upn, displayName: user.displayName } });
  });

  it("rotates on sign-in: the session the browser presented is deleted (no fixation)", async () => {
    const jar = new MemoryCookieJar();
    const first = await createSession(user, home, {}, deps(jar));
    const firstToken = jar.get(COOKIE)?.value;
    const second = await createSession(user, home, {}, deps(jar, at(5000)));
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(jar.get(COOKIE)?.value).not.toBe(firstToken);
    const ids = (await testDb().db.session.findMany()).map((r) => r.id);
    expect(ids).toEqual([second.sessionId]);
    // The old cookie is worthless now.
    const stale = new MemoryCookieJar();
    stale.values.set(COOKIE, firstToken ?? "");
    expect(await getSession(deps(stale, at(6000)))).toBeNull();
  });

  it("a token planted in the browser before sign-in never becomes the session", async () => {
    const jar = new MemoryCookieJar();
    const planted = "A".repeat(43);
    jar.values.set(COOKIE, planted);
    await createSession(user, home, {}, deps(jar));
    expect(jar.get(COOKIE)?.value).not.toBe(planted);
    expect(await testDb().db.session.findUnique({ where: { id: sha256Hex(planted) } })).toBeNull();
  });

  it("slides last_seen_at at most once a minute", async () => {
    const jar = new MemoryCookieJar();
    const { sessionId } = await createSession(user, home, {}, deps(jar));
    const lastSeen = async () => (await testDb().db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt;
    await getSession(deps(jar, at(30_000)));
    expect(await lastSeen()).toEqual(t0);
    await getSession(deps(jar, at(61_000)));
    expect(await lastSeen()).toEqual(at(61_000));
    await getSession(deps(jar, at(90_000)));
    expect(await lastSeen()).toEqual(at(61_000));
  });

  it("expires after 12 hours idle and deletes the row", async () => {
    const jar = new MemoryCookieJar();
    const { sessionId } = await createSession(user, home, {}, deps(jar));
    expect(await getSession(deps(jar, at(IDLE_TIMEOUT_MS - 1000)))).not.toBeNull();
    // last_seen_at moved to just before the 12 h mark, so 12 h after *that* is the limit.
    expect(await getSession(deps(jar, at(2 * IDLE_TIMEOUT_MS - 2000)))).not.toBeNull();
    expect(await getSession(deps(jar, at(3 * IDLE_TIMEOUT_MS)))).toBeNull();
    expect(await testDb().db.session.findUnique({ where: { id: sessionId } })).toBeNull();
  });

  it("expires 7 days after sign-in even when used every hour", async () => {
    const jar = new MemoryCookieJar();
    await createSession(user, home, {}, deps(jar));
    const hour = 60 * 60 * 1000;
    for (let h = 1; h < 7 * 24; h += 11) expect(await getSession(deps(jar, at(h * hour)))).not.toBeNull();
    expect(await getSession(deps(jar, at(ABSOLUTE_TIMEOUT_MS)))).toBeNull();
  });

  it("ignores missing, malformed and unknown cookies", async () => {
    expect(await getSession(deps(new MemoryCookieJar()))).toBeNull();
    for (const value of ["", "short", "x".repeat(43), `${"a".repeat(42)}!`]) {
      const jar = new MemoryCookieJar();
      jar.values.set(COOKIE, value);
      expect(await getSession(deps(jar))).toBeNull();
    }
  });

  it("destroySession deletes the row, clears the cookie and says which account it was", async () => {
    const jar = new MemoryCookieJar();
    const { sessionId } = await createSession(user, home, {}, deps(jar));
    expect(await destroySession(deps(jar))).toEqual({ userId: user.id, homeAccountId: home });
    expect(jar.get(COOKIE)).toBeUndefined();
    expect(jar.writes.at(-1)).toMatchObject({ name: COOKIE, value: "", options: { maxAge: 0, secure: true, path: "/" } });
    expect(await testDb().db.session.findUnique({ where: { id: sessionId } })).toBeNull();
    expect(await destroySession(deps(jar))).toBeNull();
  });

  it("uses the jit_session cookie without Secure for an http localhost app", async () => {
    const jar = new MemoryCookieJar();
    await createSession(user, home, {}, { ...deps(jar), appUrl: "http://localhost:3000" });
    expect(jar.writes.at(-1)).toMatchObject({ name: "jit_session", options: { secure: false, httpOnly: true, sameSite: "lax" } });
  });
});
