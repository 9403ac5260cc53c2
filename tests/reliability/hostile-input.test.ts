/**
 * Hostile input, property-based (fast-check): malformed, oversized, wrongly typed and injection-shaped values
 * thrown at every use case input, every server action (whole forms from signed-in people, with right and wrong CSRF
 * tokens) and every route handler (discovered: every app/**\/route.ts, so handlers added later are covered too).
 * Whatever arrives:
 *   - never an unhandled exception or a 5xx — a use case answers with an AppError a person can read, a route
 *     handler with a 4xx (or a redirect that stays on our origin / goes to the Entra authority);
 *   - never a state change: row counts of every table and the audit log stay as they were, except for the
 *     refusals the design says are audited (a refused approval link, a refused decision, an auditor's export).
 * Plus the approval-link cases one by one: forged, truncated, other approver's, reused, expired.
 *
 * Route handlers run for real, with `next/headers` served from the test's Request (support/request-scope.ts).
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { isHTTPAccessFallbackError, getAccessFallbackHTTPStatus } from "next/dist/client/components/http-access-fallback/http-access-fallback";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { csrfToken, isValidCsrfToken } from "@/lib/auth/csrf";
import { safeReturnTo } from "@/lib/auth/return-to";
import { createSession, getSession } from "@/lib/auth/session";
import { decodeSignInState } from "@/lib/auth/sign-in-state";
import { isAppError, type AppErrorCode } from "@/lib/errors";
import { decodeCursor } from "@/lib/history/cursor";
import { parseHistoryFilters } from "@/lib/history/filters";
import { queryHistory } from "@/lib/history/query";
import { getRequestHistory } from "@/lib/history/timeline";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { jobHandlers } from "@/lib/jobs/handlers";
import { setLogLevel } from "@/lib/log";
import { assertRoutedApprover } from "@/lib/requests/assert-routed-approver";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { deactivateRequest } from "@/lib/requests/deactivate-request";
import { decideApproval } from "@/lib/requests/decide-approval";
import { describeApprovalLink } from "@/lib/requests/describe-approval-link";
import type { SessionUser } from "@/lib/requests/deps";
import { getApprovalByLink } from "@/lib/requests/get-approval-by-link";
import { getInboxApproval } from "@/lib/requests/get-inbox-approval";
import { getRequest } from "@/lib/requests/get-request";
import { getRequestDetails } from "@/lib/requests/get-request-details";
import { listMyRequests } from "@/lib/requests/list-my-requests";
import { submitInputSchema } from "@/lib/requests/submit-input";
import { submitRequest } from "@/lib/requests/submit-request";
import { syncTargets } from "@/lib/targets";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { MemoryCookieJar } from "../integration/auth/auth-env";
import { createAppDeps, type AppDepsSet } from "./support/app-deps";
import { mailHeader } from "./support/drive";
import { approvers, fleetTenant, id, sessionUser, type FleetPerson } from "./support/fleet";
import { hostileRecord, hostileString, hostileValue } from "./support/hostile-values";
import { runInRequestScope } from "./support/request-scope";
import { settings } from "./support/settings";
import { LOCAL_APP_URL, restoreAppEnv, useAppEnv } from "./support/app-env";
import { recordStart, recordSummary } from "./support/summary";
import { decideAction } from "@/app/approvals/actions";
import { verifyAction } from "@/app/audit/actions";
import { VERIFY_CSRF_PURPOSE } from "@/app/audit/csrf-purpose";
import { cancelRequestAction, deactivateRequestAction } from "@/app/requests/[id]/actions";
import { submitRequestAction } from "@/app/requests/new/actions";
import { csrfPurpose } from "@/app/requests/_lib/csrf-purposes";

vi.mock("next/headers", async () => {
  const scope = await import("./support/request-scope");
  return { cookies: scope.cookies, headers: scope.headers };
});
// Server actions ask Next to re-render pages after a change; outside Next there is nothing to re-render.
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const APP_URL = LOCAL_APP_URL;
const RUNS = settings.hostileRuns;
const ROUTE_RUNS = Math.ceil(RUNS / 2);
const people: Record<"n01" | "n02" | "o01" | "a01", FleetPerson> = {
  n01: { id: id.n01, upn: "n01@contoso.example", displayName: "Nora Requester" },
  n02: { id: id.n02, upn: "n02@contoso.example", displayName: "Nils Requester" },
  o01: { id: id.o01, upn: "o01@contoso.example", displayName: "Olga Owner" },
  a01: { id: id.a01, upn: "a01@contoso.example", displayName: "Ada Auditor" },
};
/** Never approvers: a decision by any of them must be refused, so fuzzing cannot approve by accident. */
const nonApprovers: SessionUser[] = [people.n01, people.n02, people.o01, people.a01].map(sessionUser);

let emu: TestEmulator;
let testDb: TestDatabase;
let set: AppDepsSet;
let requestId = "";
const links: Record<"p01" | "p02", string> = { p01: "", p02: "" };
const cookies: Record<"n01" | "n02" | "a01", string> = { n01: "", n02: "", a01: "" };
/** Each signed-in person's CSRF token for a form purpose (as the page would render it). */
const csrfFor: Record<"n01" | "n02" | "a01", (purpose: string) => string> = { n01: () => "", n02: () => "", a01: () => "" };
let cases = 0;

beforeAll(async () => {
  recordStart("hostile-input");
  setLogLevel("error");
  [emu, testDb] = await Promise.all([startTestEmulator({ fixture: fleetTenant(0) }), createTestDatabase()]);
  // The route handlers use the app's own configuration (lib/env, lib/db): point it at this test's tenant and database.
  await useAppEnv({ databaseUrl: testDb.url, emulatorUrl: emu.url, poolMax: 1, logLevel: "error" });

  set = await createAppDeps({ db: testDb.db, emulatorUrl: emu.url });
  await syncTargets(testDb.db, set.interactive.targets);
  const submitted = await submitRequest(set.interactive, {
    user: sessionUser(people.n01),
    input: { targetId: "aks-prod", durationMinutes: 60, justification: "Seed request for the hostile-input test" },
  });
  requestId = submitted.request.id;
  while ((await runWorkerOnce(set.worker, { handlers: jobHandlers })).claimed > 0);
  for (const m of await emu.hooks.mail()) {
    const token = /\/approve\/([A-Za-z0-9_-]{43})/.exec(m.body.content)?.[1];
    if (mailHeader(m, "x-jit-template") !== "approval-request" || !token) continue;
    if (m.to[0]?.address === "p01@contoso.example") links.p01 = token;
    if (m.to[0]?.address === "p02@contoso.example") links.p02 = token;
  }
  for (const who of ["n01", "n02", "a01"] as const) {
    const p = people[who];
    await testDb.db.user.upsert({ where: { id: p.id }, create: { id: p.id, tenantId: id.tenant, upn: p.upn, displayName: p.displayName }, update: {} });
    const jar = new MemoryCookieJar();
    await createSession({ id: p.id }, `${p.id}.${id.tenant}`, { ip: "127.0.0.1" }, { db: testDb.db, jar, appUrl: APP_URL });
    cookies[who] = `jit_session=${jar.values.get("jit_session")}`;
    const session = await getSession({ db: testDb.db, jar });
    if (!session) throw new Error(`no session for ${who}`);
    csrfFor[who] = (purpose) => csrfToken({ csrfSecret: session.csrfSecret, sessionId: session.id }, purpose);
  }
}, 120_000);

afterAll(async () => {
  recordSummary("hostile-input", { "hostile inputs": cases });
  await restoreAppEnv();
  await testDb?.stop();
  await emu?.stop();
});

// ---- state ---------------------------------------------------------------------------------------------

const tables = ["accessRequest", "decision", "approvalLink", "outboxJob", "user", "session", "tokenCacheEntry", "target"] as const;
/** Each model's table (schema.prisma @@map). */
const tableOf: Record<(typeof tables)[number], string> = {
  accessRequest: "access_requests",
  decision: "decisions",
  approvalLink: "approval_links",
  outboxJob: "outbox_jobs",
  user: "users",
  session: "sessions",
  tokenCacheEntry: "token_cache",
  target: "targets",
};
// Row counts of every table and audit events per action, in ONE query: a snapshot is taken twice per case, more
// than 10 000 times per run, and nine Prisma queries each time made it most of this file's run time.
const snapshotSql = `SELECT json_build_object(${tables.map((t) => `'${t}', (SELECT count(*) FROM "${tableOf[t]}")`).join(", ")}) AS rows,
  (SELECT json_object_agg(action, n) FROM (SELECT action, count(*) AS n FROM "audit_events" GROUP BY action) a) AS audit`;

async function snapshot() {
  const [s] = await testDb.db.$queryRawUnsafe<{ rows: Record<string, number>; audit: Record<string, number> | null }[]>(snapshotSql);
  if (!s) throw new Error("the snapshot query returned no row");
  return { rows: s.rows, audit: s.audit ?? {} };
}

/** Runs `fn`; rows must be unchanged, and at most one audit event, of an allowed action, may have been added. */
async function unchanged<T>(fn: () => Promise<T>, allowedAudit: readonly string[] = []): Promise<T> {
  const before = await snapshot();
  const result = await fn();
  const after = await snapshot();
  expect(after.rows).toEqual(before.rows);
  const added = Object.entries(after.audit).flatMap(([action, n]) => Array<string>(n - (before.audit[action] ?? 0)).fill(action));
  expect(added.length, `audit events added: ${added.join(", ")}`).toBeLessThanOrEqual(1);
  for (const action of added) expect(allowedAudit).toContain(action);
  return result;
}

/** A use case refusing: an AppError with one of `codes` and a short message a person can read. */
async function refused(p: Promise<unknown>, codes: readonly AppErrorCode[]): Promise<void> {
  const outcome = await p.then(
    () => ({ ok: true as const }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  if (outcome.ok) throw new Error("expected a refusal, but the use case succeeded");
  const e = outcome.e;
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String((e as Error)?.stack ?? e)}`);
  expect(codes).toContain(e.code);
  expect(e.userMessage.length).toBeGreaterThan(5);
  expect(e.userMessage.length).toBeLessThan(400);
  expect(e.userMessage).not.toMatch(/prisma|invalid `|\n\s+at |undefined|\[object/i);
}

/** "accepted" when validation let it through (it then failed later, on the unknown request), else the refusal code. */
async function refusedOrAccepted(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return "accepted";
  } catch (e) {
    if (!isAppError(e)) throw e;
    return e.code;
  }
}

async function property<T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<void>, numRuns = RUNS): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      cases++;
      await run(v);
    }),
    { numRuns, endOnFailure: true },
  );
}

const someone = fc.constantFrom(...nonApprovers);
/** Asymmetric matchers, typed for use inside toMatchObject. */
const containing = (text: string): unknown => expect.stringContaining(text);
const matching = (re: RegExp): unknown => expect.stringMatching(re);
/** Hostile ids, sometimes the real request's id: with a non-approver that must still change nothing. */
const idish = () => fc.oneof({ weight: 4, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constant(requestId) }, { weight: 1, arbitrary: fc.uuid() });

// ---- use cases -------------------------------------------------------------------------------------------

describe("use cases refuse hostile input clearly and change nothing", () => {
  it("submitRequest", async () => {
    const valid = { targetId: fc.constant("aks-prod"), durationMinutes: fc.constantFrom(60, "60"), justification: fc.constant("A perfectly good reason") };
    await property(fc.oneof(hostileValue, hostileRecord(["targetId", "durationMinutes", "justification", "ticketNumber"], valid)), async (input) => {
      const parsed = submitInputSchema.safeParse(input);
      fc.pre(!(parsed.success && parsed.data.targetId === "aks-prod"));
      await unchanged(() => refused(submitRequest(set.interactive, { user: sessionUser(people.n02), input }), ["bad_request"]));
    });
  });

  it("decideApproval (by people who are not approvers, also with the real request and real links)", async () => {
    const valid = {
      requestId: idish(),
      linkToken: fc.constantFrom(links.p01, links.p02, links.p01.slice(0, 42), `${links.p01}A`),
      decision: fc.constantFrom("approve", "deny"),
      reason: fc.constant("Looks fine to me"),
    };
    await property(fc.tuple(someone, fc.oneof(hostileValue, hostileRecord(["requestId", "linkToken", "decision", "reason"], valid))), async ([user, input]) => {
      await unchanged(() => refused(decideApproval(set.interactive, { user, input }), ["bad_request", "not_found", "forbidden", "conflict"]), ["approval.refused"]);
    });
  });

  it("cancelRequest and deactivateRequest (nobody but the requester; ids of any shape)", async () => {
    const others = [people.n02, people.o01, people.a01].map(sessionUser);
    await property(fc.tuple(fc.constantFrom(...others), idish(), hostileValue), async ([user, id, revoke]) => {
      cases++; // two use cases per run
      await unchanged(() => refused(cancelRequest(set.interactive, { user, requestId: id }), ["not_found"]));
      await unchanged(() => refused(deactivateRequest(set.interactive, { user, requestId: id, revokeSessions: revoke as boolean }), ["not_found"]));
    });
  });

  it("getApprovalByLink: any token other than one's own is refused with a reason, and audited", async () => {
    const token = fc.oneof(hostileString, fc.constantFrom(links.p01, links.p02, links.p01.slice(0, 42), links.p01.toUpperCase()));
    await property(fc.tuple(fc.constantFrom(...nonApprovers, sessionUser(approvers.p01)), token), async ([user, t]) => {
      const isOwn = user.id === approvers.p01.id && t === links.p01;
      const r = await unchanged(() => getApprovalByLink(set.interactive, { user, token: t }), ["approval.link_refused"]);
      expect(r.ok).toBe(isOwn);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
    });
  });

  it("reads by request id (getRequest, getRequestDetails, getInboxApproval, assertRoutedApprover) answer not_found to strangers", async () => {
    await property(fc.tuple(fc.constantFrom(...[people.n02, people.o01].map(sessionUser)), idish(), fc.boolean()), async ([user, id, isAuditor]) => {
      cases += 3; // four use cases per run
      await unchanged(async () => {
        if (isAuditor && id === requestId) {
          expect((await getRequest(set.interactive, { user, requestId: id, isAuditor })).id).toBe(requestId);
        } else {
          await refused(getRequest(set.interactive, { user, requestId: id, isAuditor }), ["not_found"]);
          await refused(getRequestDetails(set.interactive, { user, requestId: id, isAuditor }), ["not_found"]);
        }
        await refused(getInboxApproval(set.interactive, { user, requestId: id }), ["not_found"]);
        await refused(assertRoutedApprover(set.interactive, { user, requestId: id }), ["not_found"]);
      });
    });
  });

  it("describeApprovalLink and listMyRequests' cursor", async () => {
    await property(hostileString, async (s) => {
      cases++; // two per run
      await unchanged(async () => {
        expect(await describeApprovalLink(set.interactive, { token: s })).toBeNull();
        const page = await listMyRequests(set.interactive, { user: sessionUser(people.n01), before: s, limit: 20 });
        expect(page.items.length).toBeLessThanOrEqual(20);
      });
    });
  });

  it("whatever validation accepts, the database can store (justification, ticket, reason)", async () => {
    const text = fc.oneof(hostileString, fc.string({ unit: "binary", maxLength: 40 }).map((s) => `Needed for ${s} today`));
    await property(fc.tuple(text, text), async ([justification, reason]) => {
      cases += 1; // two inputs
      const submit = submitInputSchema.safeParse({ targetId: "aks-prod", durationMinutes: 60, justification, ticketNumber: reason.slice(0, 64) });
      const decide = await refusedOrAccepted(() => decideApproval(set.interactive, { user: sessionUser(people.n02), input: { requestId: "not-a-request", decision: "deny", reason } }));
      for (const value of [...(submit.success ? [submit.data.justification, submit.data.ticketNumber ?? ""] : []), ...(decide === "not_found" ? [reason.trim()] : [])]) {
        await testDb.db.$queryRaw`SELECT ${value}::text AS t, jsonb_build_object('v', ${value}::text) AS j`;
      }
    });
  });

  it("history: filters, cursors and request ids from the query string (lib/history)", async () => {
    const params = fc.dictionary(fc.constantFrom("requester", "approver", "target", "status", "from", "to", "q", "sort", "cursor", "format"), fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })), { maxKeys: 6 });
    await property(fc.tuple(params, hostileString), async ([p, s]) => {
      cases += 2; // filters, cursor, request id
      await unchanged(async () => {
        const parsed = parseHistoryFilters(p);
        expect(decodeCursor(s)).toBeNull();
        // app/history/page.tsx checks the cursor with decodeCursor first; queryHistory refuses one that was not.
        if (parsed.ok) {
          await queryHistory(testDb.db, parsed.filters, { limit: 5 });
          if (s) await expect(queryHistory(testDb.db, parsed.filters, { cursor: s, limit: 5 })).rejects.toThrow(RangeError);
        } else {
          expect(Object.values(parsed.errors).every((m) => typeof m === "string" && m.length > 3)).toBe(true);
        }
        const history = await getRequestHistory(testDb.db, s);
        expect(history).toBeNull();
      });
    });
  });

  // A NUL in a history filter used to reach PostgreSQL (22021) — a 500 on /history and /history/export.
  it("history filters with a NUL character are refused before they reach PostgreSQL", () => {
    for (const key of ["q", "requester", "approver", "target"]) {
      expect(parseHistoryFilters({ [key]: "abc\u0000def" })).toEqual({ ok: false, errors: { [key]: expect.stringContaining("control characters") as unknown } });
    }
  });

  it("lib/auth: returnTo, sign-in state cookie, CSRF token", async () => {
    const subject = { csrfSecret: "s".repeat(43), sessionId: "a".repeat(64) };
    await property(fc.oneof(hostileString, fc.constantFrom("https://evil.example", "//evil.example", "/\\evil.example", "/%2F%2Fevil.example", "http://localhost:3000@evil.example/")), (s) => {
      cases += 2; // three helpers
      const to = safeReturnTo(s, APP_URL);
      expect(to.startsWith("/")).toBe(true);
      expect(new URL(to, APP_URL).origin).toBe(APP_URL);
      expect(to.startsWith("//")).toBe(false);
      expect(decodeSignInState(s)).toBeNull();
      expect(isValidCsrfToken(subject, "request.submit", s)).toBe(s === csrfToken(subject, "request.submit"));
      return Promise.resolve();
    });
  });
});

// ---- route handlers -----------------------------------------------------------------------------------

interface RouteModule {
  file: string;
  /** e.g. /requests/[id]/status */
  pattern: string;
  handlers: [string, (request: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>][];
}

function filesUnder(dir: string, pick: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, pick);
    return pick(name) ? [full] : [];
  });
}
const routeFiles = (dir: string) => filesUnder(dir, (name) => name === "route.ts");

/** Every server action of the app: the exported async functions of its "use server" files. */
function serverActionNames(dir: string): string[] {
  return filesUnder(dir, (name) => /\.tsx?$/.test(name))
    .map((file) => readFileSync(file, "utf8"))
    .filter((text) => /^\s*["']use server["'];?/.test(text))
    .flatMap((text) => [...text.matchAll(/^export async function (\w+)/gm)].map((m) => m[1]!))
    .sort();
}

const appDir = path.resolve(import.meta.dirname, "..", "..", "app");
const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

async function loadRoutes(): Promise<RouteModule[]> {
  return Promise.all(
    routeFiles(appDir).map(async (file) => {
      const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      const pattern = `/${path.relative(appDir, path.dirname(file)).split(path.sep).join("/")}`;
      const handlers = methods.filter((m) => typeof mod[m] === "function").map((m) => [m, mod[m]] as RouteModule["handlers"][number]);
      return { file: path.relative(appDir, file), pattern, handlers };
    }),
  );
}

/** Calls a route handler the way Next would, turning redirect()/notFound() into their responses. */
async function call(handler: RouteModule["handlers"][number][1], request: NextRequest, params: Record<string, string>): Promise<Response> {
  return runInRequestScope(request, async () => {
    try {
      return await handler(request, { params: Promise.resolve(params) });
    } catch (e) {
      if (isRedirectError(e)) return new Response(null, { status: Number(e.digest.split(";")[3]), headers: { Location: e.digest.split(";")[2]! } });
      if (isHTTPAccessFallbackError(e)) return new Response("not found", { status: getAccessFallbackHTTPStatus(e) });
      throw e;
    }
  });
}

const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, "").slice(0, 4000);
const encodeSegment = (s: string) => {
  try {
    return encodeURIComponent(s.slice(0, 2000));
  } catch {
    return "x";
  }
};

describe("route handlers answer hostile requests with a 4xx or a safe redirect, and change nothing", () => {
  const sessionCookies = () => [cookies.n01, cookies.n02, cookies.a01];
  const requestArb = fc.record({
    query: fc.array(fc.tuple(fc.constantFrom("returnTo", "code", "state", "error", "error_description", "format", "status", "q", "from", "to", "cursor", "session_state", "x"), hostileString), { maxLength: 4 }),
    segment: idish(),
    cookie: fc.oneof(
      fc.constant(""),
      hostileString.map((s) => `jit_session=${headerSafe(s)}`),
      hostileString.map((s) => `jit_signin=${headerSafe(s)}; jit_session=${headerSafe(s)}`),
      fc.constantFrom("session", "session2", "session3"),
    ),
    origin: fc.option(fc.oneof(fc.constantFrom(APP_URL, "https://evil.example", "null"), hostileString.map(headerSafe))),
    forwardedFor: fc.option(hostileString.map(headerSafe)),
    authorization: fc.option(hostileString.map((s) => `Bearer ${headerSafe(s)}`)),
    body: fc.option(fc.oneof(hostileString, hostileValue.map((v) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? String(x) : x)) ?? "null"))),
  });

  it("every app/**/route.ts handler", async () => {
    const routes = await loadRoutes();
    expect(routes.map((r) => r.pattern)).toEqual(expect.arrayContaining(["/api/auth/login", "/api/auth/callback", "/api/auth/logout", "/api/health/live"]));
    const allowed = new Set([new URL(APP_URL).origin, new URL(emu.url).origin]);
    const perRoute: string[] = [];
    for (const route of routes) {
      for (const [method, handler] of route.handlers) {
        perRoute.push(`${method} ${route.pattern}`);
        const isStateChanging = method !== "GET";
        await property(
          requestArb,
          async (r) => {
            const dynamic: Record<string, string> = {};
            const urlPath = route.pattern.replace(/\[([^\]]+)\]/g, (_m, name: string) => {
              dynamic[name] = r.segment;
              return encodeSegment(r.segment);
            });
            const url = new URL(`${APP_URL}${urlPath}`);
            for (const [k, v] of r.query) url.searchParams.append(k, v.slice(0, 4000));
            const sessions = sessionCookies();
            // A real session on a state-changing route would legitimately act (sign out): only forged ones there.
            const cookie = r.cookie.startsWith("session") ? (isStateChanging ? "" : sessions[Number(r.cookie.slice(7) || 1) - 1]!) : r.cookie;
            const headers = new Headers({ "user-agent": "hostile-input-test" });
            if (cookie) headers.set("cookie", cookie);
            if (r.origin !== null) headers.set("origin", r.origin);
            if (r.forwardedFor !== null) headers.set("x-forwarded-for", r.forwardedFor);
            if (r.authorization !== null) headers.set("authorization", r.authorization);
            const request = new NextRequest(url, { method, headers, ...(r.body !== null && method !== "GET" ? { body: r.body } : {}) });

            const res = await unchanged(
              async () => {
                const response = await call(handler, request, dynamic);
                await response.text().then((body) => expect(body).not.toMatch(/\n\s+at \S+ \(|PrismaClient|Invalid `/));
                return response;
              },
              ["audit.exported"],
            );
            expect(res.status, `${method} ${url.pathname}`).toBeLessThan(500);
            if (res.status >= 300 && res.status < 400) {
              const location = new URL(res.headers.get("location") ?? "", APP_URL);
              expect(allowed.has(location.origin), `redirect to ${location.href}`).toBe(true);
            }
          },
          ROUTE_RUNS,
        );
      }
    }
    process.stdout.write(`[hostile-input] route handlers: ${perRoute.join(", ")}\n`);
  });
});

// ---- server actions --------------------------------------------------------------------------------------

describe("server actions answer hostile forms with a readable error, a not-found or a redirect home, and change nothing", () => {
  type Who = "n01" | "n02" | "a01";
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each action has its own state type
  type ServerAction = (previous: any, formData: FormData) => Promise<unknown>;
  interface FormCase {
    action: ServerAction;
    /** The form's own fields (a hostile form may leave any out, add others, or send a file instead). */
    fields: readonly string[];
    valid: Record<string, fc.Arbitrary<string>>;
    /** The CSRF purpose the page would have signed for these fields. */
    purpose(fields: Record<string, string>): string;
    people: readonly Who[];
    /** Audit events a refusal may write (a refused approval decision is audited). */
    audited?: readonly string[];
    /** Shapes of forms worth more runs than a field-by-field mix reaches (the decision form's two sources). */
    shapes?: fc.Arbitrary<Record<string, string>>[];
  }
  // Built inside each test: the request id and the links exist only once beforeAll has run.
  const realId = () => fc.constantFrom(requestId);
  const formCases = (): Record<string, FormCase> => ({
    submitRequestAction: {
      action: submitRequestAction,
      fields: ["targetId", "durationMinutes", "justification", "ticketNumber", "ticketSystem"],
      valid: { targetId: fc.constant("aks-prod"), durationMinutes: fc.constant("60"), justification: fc.constant("A perfectly good reason") },
      purpose: () => csrfPurpose.submit,
      // n01 already waits for the seed request: a valid form leads to it, no new request.
      people: ["n01"],
    },
    decideAction: {
      action: decideAction,
      fields: ["requestId", "linkToken", "decision", "reason"],
      valid: { requestId: realId(), linkToken: fc.constantFrom(links.p01, links.p02), decision: fc.constantFrom("approve", "deny"), reason: fc.constant("Looks fine to me") },
      purpose: (f) => (f.linkToken ? csrfPurpose.decideByLink(f.linkToken) : csrfPurpose.decideByRequest(f.requestId ?? "")),
      people: ["n01", "n02", "a01"], // never approvers
      audited: ["approval.refused"],
      // Exactly one source, as the pages send it: the email link's token, or the inbox's request id.
      shapes: [
        fc.record({ linkToken: fc.oneof(fc.constantFrom(links.p01, links.p02), hostileString), decision: fc.oneof(fc.constantFrom("approve", "deny"), hostileString), reason: fc.oneof(fc.constant("Looks fine to me"), hostileString) }),
        fc.record({ requestId: fc.oneof(realId(), hostileString), decision: fc.oneof(fc.constantFrom("approve", "deny"), hostileString), reason: fc.oneof(fc.constant("Looks fine to me"), hostileString) }),
      ],
    },
    cancelRequestAction: {
      action: cancelRequestAction,
      fields: ["requestId"],
      valid: { requestId: realId() },
      purpose: (f) => csrfPurpose.cancel(f.requestId ?? ""),
      people: ["n02", "a01"], // not the requester
    },
    deactivateRequestAction: {
      action: deactivateRequestAction,
      fields: ["requestId", "revokeSessions"],
      valid: { requestId: realId(), revokeSessions: fc.constantFrom("on", "true") },
      purpose: (f) => csrfPurpose.deactivate(f.requestId ?? ""),
      people: ["n01", "n02", "a01"], // the request is not active
    },
    verifyAction: {
      action: verifyAction,
      fields: [],
      valid: {},
      purpose: () => VERIFY_CSRF_PURPOSE,
      people: ["n01", "a01"], // a01 is an auditor: a valid form verifies, and that run is audited
      audited: ["audit.verified"],
    },
  });

  /** A form as a browser (or a script) could post it: fields hostile or valid, a right or wrong CSRF token, files. */
  const formArb = (c: FormCase) =>
    fc.record({
      who: fc.constantFrom(...c.people),
      fields: fc.oneof(
        fc.record(Object.fromEntries(c.fields.map((k) => [k, c.valid[k] ? fc.oneof(hostileString, c.valid[k]) : hostileString])), { requiredKeys: [] }),
        ...(c.shapes ?? []),
      ),
      extra: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...c.fields, "csrf", "$ACTION_ID_x", "__proto__"), fc.string({ maxLength: 12 })), hostileString), { maxLength: 2 }),
      csrf: fc.oneof({ weight: 3, arbitrary: fc.constant("valid") }, { weight: 1, arbitrary: fc.constant("other purpose") }, { weight: 1, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constant("none") }),
      asFile: fc.option(fc.constantFrom(...c.fields, "csrf")),
    });

  const covered = ["submitRequestAction", "decideAction", "cancelRequestAction", "deactivateRequestAction", "verifyAction"];
  it("covers every server action of the app (a new one must be added here)", () => {
    expect(serverActionNames(appDir)).toEqual([...covered].sort());
  });

  for (const name of covered) {
    it(name, async () => {
      const c = formCases()[name]!;
      await property(formArb(c), async (f) => {
        const fields = f.fields as Record<string, string>;
        const form = new FormData();
        for (const [k, v] of Object.entries(fields)) form.set(k, v);
        if (f.csrf === "valid") form.set("csrf", csrfFor[f.who](c.purpose(fields)));
        else if (f.csrf === "other purpose") form.set("csrf", csrfFor[f.who]("request.somewhere-else"));
        else if (f.csrf !== "none") form.set("csrf", f.csrf);
        for (const [k, v] of f.extra) form.append(k, v);
        if (f.asFile !== null) form.set(f.asFile, new File(["hostile"], "x.txt", { type: "text/plain" }));
        const request = new Request(`${APP_URL}/`, { method: "POST", headers: { cookie: cookies[f.who], "user-agent": "hostile-input-test" } });

        const outcome = await unchanged(
          () =>
            runInRequestScope(request, async () => {
              try {
                return { state: await c.action({ status: "idle" }, form) };
              } catch (e) {
                if (isRedirectError(e)) return { redirect: e.digest.split(";")[2] ?? "" };
                if (isHTTPAccessFallbackError(e)) return { status: getAccessFallbackHTTPStatus(e) };
                throw e;
              }
            }),
          c.audited ?? [],
        );
        if ("redirect" in outcome) {
          // Only to our own pages (the existing request, sign-in) — never elsewhere.
          expect(outcome.redirect, name).toMatch(/^\/(?!\/)/);
        } else if ("status" in outcome) {
          expect([403, 404]).toContain(outcome.status);
        } else {
          const state = outcome.state as { status: string; message?: string };
          if (state.status === "done") {
            expect(name).toBe("verifyAction"); // an auditor's valid form: the verification ran
          } else {
            expect(state.status, name).toBe("error");
            expect(state.message?.length ?? 0).toBeGreaterThan(5);
            expect(state.message?.length ?? 0).toBeLessThan(400);
            expect(state.message).not.toMatch(/prisma|invalid `|\n\s+at |undefined|\[object/i);
          }
        }
      });
    });
  }
});

// ---- approval links, case by case -------------------------------------------------------------------------

describe("approval link tokens", () => {
  const refusal = async (who: SessionUser, token: string) => {
    const r = await getApprovalByLink(set.interactive, { user: who, token });
    const event = await testDb.db.auditEvent.findFirstOrThrow({ where: { action: "approval.link_refused", actorId: who.id }, orderBy: { seq: "desc" } });
    return { r, reason: (event.data as { reason: string }).reason };
  };

  it("forged, truncated and someone else's tokens are refused, audited, and cannot decide", async () => {
    const p01 = sessionUser(approvers.p01);
    const p02 = sessionUser(approvers.p02);
    const forged = randomBytes(32).toString("base64url");
    expect(await refusal(p01, forged)).toMatchObject({ r: { ok: false }, reason: "unknown" });
    expect(await refusal(p01, links.p01.slice(0, 42))).toMatchObject({ r: { ok: false }, reason: "unknown" });
    expect(await refusal(p02, links.p01)).toMatchObject({ r: { ok: false, message: containing("sent to someone else") }, reason: "other_approver" });
    for (const [user, token] of [[p01, forged], [p02, links.p01]] as const) {
      await unchanged(() => refused(decideApproval(set.interactive, { user, input: { linkToken: token, decision: "approve", reason: "Trying my luck" } }), ["not_found"]));
    }
    cases += 5;
  });

  it("a used token is refused, and a second decision through it changes nothing", async () => {
    const p01 = sessionUser(approvers.p01);
    const r = await decideApproval(set.interactive, { user: p01, input: { linkToken: links.p01, decision: "deny", reason: "Not during the freeze" } });
    expect(r.outcome).toBe("denied");
    expect(await refusal(p01, links.p01)).toMatchObject({ r: { ok: false, message: matching(/^Already decided: denied by Priya Approver/) }, reason: "not_pending" });
    await unchanged(
      () => refused(decideApproval(set.interactive, { user: p01, input: { linkToken: links.p01, decision: "approve", reason: "Changed my mind" } }), ["conflict"]),
      ["approval.refused"],
    );
    cases += 3;
  });

  it("an expired token is refused and audited", async () => {
    const submitted = await submitRequest(set.interactive, {
      user: sessionUser(people.n02),
      input: { targetId: "aks-prod", durationMinutes: 30, justification: "Second seed request, to let its link expire" },
    });
    while ((await runWorkerOnce(set.worker, { handlers: jobHandlers })).claimed > 0);
    const mail = (await emu.hooks.mail("p02@contoso.example")).find((m) => mailHeader(m, "x-jit-request-id") === submitted.request.id);
    const token = /\/approve\/([A-Za-z0-9_-]{43})/.exec(mail?.body.content ?? "")?.[1] ?? "";
    await set.hooks.advanceClock(24 * 3600 + 60);
    await set.syncClock();
    expect(await refusal(sessionUser(approvers.p02), token)).toMatchObject({ r: { ok: false, message: containing("expired") }, reason: "expired" });
    await unchanged(
      () => refused(decideApproval(set.interactive, { user: sessionUser(approvers.p02), input: { linkToken: token, decision: "approve", reason: "Late but keen" } }), ["conflict"]),
      [],
    );
    cases += 2;
  });
});
