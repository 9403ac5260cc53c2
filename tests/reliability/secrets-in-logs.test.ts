/**
 * Secrets never reach the logs. Everything written to stdout and stderr (and through console) is captured while
 * a whole flow runs through the app's real code paths at LOG_LEVEL=debug, with Graph throttling so the error
 * paths log too: sign-in (auth code + PKCE, token cache sealed into the database), submit, the worker's emails,
 * a decision through the emailed link, activation, a failed sign-in callback, sign-out. Then the output is
 * searched for every secret the flow handled: the client secret, TOKEN_ENCRYPTION_KEY, every access, refresh
 * and ID token the app received (read back from its encrypted token cache), authorization codes, approval-link
 * tokens, session cookies and CSRF secrets, the sealed sign-in state cookie.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { beginSignIn, completeSignIn, SignInFailure } from "@/lib/auth/sign-in";
import { destroySession } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { loadSerializedCache } from "@/lib/entra/token-cache";
import { jobHandlers } from "@/lib/jobs/handlers";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { setLogLevel } from "@/lib/log";
import { decideApproval } from "@/lib/requests/decide-approval";
import { appDeps, type Deps, type SessionUser } from "@/lib/requests/deps";
import { submitRequest } from "@/lib/requests/submit-request";
import { syncTargets } from "@/lib/targets";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { signInViaForm, startTestEmulator, type TestEmulator } from "../support/emulator";
import { MemoryCookieJar } from "../integration/auth/auth-env";
import { CLIENT_SECRET } from "./support/app-deps";
import { asPersonRetrying, mailHeader } from "./support/drive";
import { fleetTenant } from "./support/fleet";
import { LOCAL_APP_URL, restoreAppEnv, useAppEnv } from "./support/app-env";
import { recordStart, recordSummary } from "./support/summary";

const APP_URL = LOCAL_APP_URL;
const TOKEN_ENCRYPTION_KEY = randomBytes(32).toString("base64");

let emu: TestEmulator;
let testDb: TestDatabase;
const secrets = new Map<string, string>();
const remember = (kind: string, value: string | null | undefined) => {
  if (value && value.length >= 12) secrets.set(value, kind);
};

beforeAll(async () => {
  recordStart("secrets-in-logs");
  [emu, testDb] = await Promise.all([startTestEmulator({ fixture: fleetTenant(0) }), createTestDatabase()]);
  // The drain below moves the emulator's clock to each retried job instead of waiting; with Graph failing a third
  // of the time that can add up to more than an hour. MSAL judges a cached token's expiry by the real clock, the
  // emulator by its own, so a token signed in at the start would be refused as expired while MSAL still trusts it
  // (seen once: p01's decision failed with "sign-in no longer valid"). A day-long lifetime keeps the two clocks
  // from disagreeing; token refresh itself is tested elsewhere (tests/integration/auth).
  await emu.hooks.patchOptions({ accessTokenLifetimeSec: 86_400 });
  await useAppEnv({ databaseUrl: testDb.url, emulatorUrl: emu.url, poolMax: 1, logLevel: "debug", tokenEncryptionKey: TOKEN_ENCRYPTION_KEY });
  remember("client secret", CLIENT_SECRET);
  remember("TOKEN_ENCRYPTION_KEY", TOKEN_ENCRYPTION_KEY);
  remember("TOKEN_ENCRYPTION_KEY (hex)", Buffer.from(TOKEN_ENCRYPTION_KEY, "base64").toString("hex"));
});
afterAll(async () => {
  setLogLevel("info");
  await restoreAppEnv();
  await testDb?.stop();
  await emu?.stop();
});

/** Everything written to stdout/stderr (and console) while `fn` runs. */
async function captureOutput(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const grab = (chunk: unknown) => void lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => (grab(chunk), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (grab(chunk), true));
  const consoles = (["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m).mockImplementation((...args: unknown[]) => grab(args.map(String).join(" "))));
  try {
    await fn();
  } finally {
    for (const spy of [out, err, ...consoles]) spy.mockRestore();
  }
  return lines;
}

async function signIn(upn: string): Promise<{ user: SessionUser; jar: MemoryCookieJar }> {
  const jar = new MemoryCookieJar();
  const authorizeUrl = await beginSignIn({ returnTo: "/requests", jar });
  for (const w of jar.writes) remember(`cookie ${w.name}`, w.value);
  const answer = await signInViaForm(authorizeUrl, upn);
  remember("authorization code", answer.code);
  const done = await completeSignIn({ query: answer.redirectUrl.searchParams, meta: { ip: "127.0.0.1", userAgent: "logs-test" }, jar });
  for (const w of jar.writes) remember(`cookie ${w.name}`, w.value);
  const cache = JSON.parse((await loadSerializedCache(done.homeAccountId)) ?? "{}") as Record<string, Record<string, { secret?: string }>>;
  for (const kind of ["AccessToken", "RefreshToken", "IdToken"]) for (const entry of Object.values(cache[kind] ?? {})) remember(kind, entry.secret);
  return { user: { id: done.user.oid, homeAccountId: done.homeAccountId, upn: done.user.upn, displayName: done.user.name ?? done.user.upn, email: done.user.email }, jar };
}

describe("secrets in logs", () => {
  it("no secret, token, code, link or cookie appears in anything the app writes during a whole flow", async () => {
    setLogLevel("debug");
    const clock = { offsetMs: 0 };
    const lines = await captureOutput(async () => {
      const n01 = await signIn("n01@contoso.example");
      const p01 = await signIn("p01@contoso.example");
      // The app's own Deps (token cache in the database), on the emulator's clock.
      const now = () => new Date(Date.now() + clock.offsetMs);
      const interactive: Deps = { ...appDeps(), now };
      const worker: Deps = { ...appDeps({ sdkRetries: false }), now };
      await syncTargets(db, interactive.targets);
      const drain = async () => {
        for (let i = 0; i < 200; i++) {
          if ((await runWorkerOnce(worker, { handlers: jobHandlers })).claimed > 0) continue;
          const next = await db.outboxJob.findFirst({ where: { status: "pending" }, orderBy: { runAt: "asc" } });
          if (!next || next.runAt.getTime() - now().getTime() > 90_000) return;
          clock.offsetMs = (await emu.hooks.advanceClock(Math.max(1, Math.ceil((next.runAt.getTime() - now().getTime()) / 1000)))).offsetMs;
        }
      };

      // Throttling and outages on a third of Graph calls: the failure paths log errors with Graph's answers.
      await emu.hooks.addFault({ path: "^/v1\\.0/", kind: "429", percent: 20, retryAfterSeconds: 1 });
      await emu.hooks.addFault({ path: "^/v1\\.0/", kind: "503", percent: 15, retryAfterSeconds: 1 });
      const input = { targetId: "aks-prod", durationMinutes: 60, justification: "Logging test: rollout fix", ticketNumber: "CHG-42" };
      const submitted = await asPersonRetrying(() => submitRequest(interactive, { user: n01.user, input, meta: { ip: "127.0.0.1", userAgent: "logs-test" } }), { attempts: 10 });
      await drain();
      const mail = (await emu.hooks.mail("p01@contoso.example")).find((m) => mailHeader(m, "x-jit-request-id") === submitted.request.id);
      const linkToken = /\/approve\/([A-Za-z0-9_-]{43})/.exec(mail?.body.content ?? "")?.[1];
      remember("approval link token", linkToken);
      expect(linkToken).toBeTruthy();
      await asPersonRetrying(() => decideApproval(interactive, { user: p01.user, input: { linkToken, decision: "approve", reason: "Checked CHG-42" } }), { attempts: 10 });
      await drain();
      await emu.hooks.clearFaults();
      await drain();
      expect((await db.accessRequest.findUniqueOrThrow({ where: { id: submitted.request.id } })).status).toBe("active");

      // A sign-in that fails at the callback, and sign-outs.
      const failing = new MemoryCookieJar();
      await beginSignIn({ returnTo: "/", jar: failing });
      for (const w of failing.writes) remember(`cookie ${w.name}`, w.value);
      const bad = await completeSignIn({ query: new URLSearchParams({ code: "forged-code-value-123456", state: "forged-state-value" }), meta: {}, jar: failing }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(SignInFailure);
      for (const s of await db.session.findMany()) remember("CSRF secret", s.csrfSecret);
      for (const who of [n01, p01]) await destroySession({ jar: who.jar, appUrl: APP_URL });
    });

    const output = lines.join("");
    expect(lines.length, "the flow wrote log lines").toBeGreaterThan(20);
    expect(output).toMatch(/"level":"(warn|error)"/);
    const leaks = [...secrets].filter(([value]) => output.includes(value)).map(([, kind]) => kind);
    expect(leaks).toEqual([]);
    // Whatever else: nothing shaped like a JWT or a bearer credential.
    expect(output).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./);
    expect(output).not.toMatch(/Bearer\s+[A-Za-z0-9._~+/=-]{12,}/i);
    expect(secrets.size).toBeGreaterThan(10);

    recordSummary("secrets-in-logs", { "log lines scanned": lines.length, "secrets searched for": secrets.size });
  }, 180_000);
});
