/**
 * The rate limits of the request and approval forms, through the real server actions (app/requests/new/actions.ts,
 * app/approvals/actions.ts, app/requests/[id]/actions.ts): people signed in for real (token cache sealed in the
 * database), session cookie, CSRF token and X-Forwarded-For on the request, the real limiter on the real database,
 * the use cases against the tenant emulator. A refused attempt must say when to try again and change nothing: no
 * row, no audit event, not one Graph call; other people (and, for the per-person limit, other addresses) go on.
 *
 * Two seams, both Next.js's: `next/headers` is served from the test's Request (support/request-scope.ts), and
 * `revalidatePath` (which needs Next's render cache) is recorded instead of run.
 * Time: the limits count in fixed 10-minute windows, so the clock (Date only; everything here, the emulator too,
 * runs in this process) starts one second into a window — the whole file fits in that window, never across two.
 */
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { NextRequest } from "next/server";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { csrfToken } from "@/lib/auth/csrf";
import { getSession } from "@/lib/auth/session";
import { beginSignIn, completeSignIn } from "@/lib/auth/sign-in";
import { setLogLevel } from "@/lib/log";
import { syncTargets } from "@/lib/targets";
import { decideAction } from "@/app/approvals/actions";
import { cancelRequestAction, deactivateRequestAction } from "@/app/requests/[id]/actions";
import { submitRequestAction } from "@/app/requests/new/actions";
import { csrfPurpose } from "@/app/requests/_lib/csrf-purposes";
import { verifyAction, type VerifyState } from "@/app/audit/actions";
import { VERIFY_CSRF_PURPOSE } from "@/app/audit/csrf-purpose";
import { GET as exportRoute } from "@/app/history/export/route";
import { idleForm, type FormState } from "@/app/requests/_lib/form-state";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { signInViaForm, startTestEmulator, type TestEmulator } from "../support/emulator";
import { MemoryCookieJar } from "../integration/auth/auth-env";
import { fleetTarget } from "./support/app-deps";
import { fleetTenant, requesters } from "./support/fleet";
import { pimRequestsIn } from "./support/pim-state";
import { runInRequestScope } from "./support/request-scope";
import { LOCAL_APP_URL, restoreAppEnv, useAppEnv } from "./support/app-env";
import { recordStart, recordSummary } from "./support/summary";

vi.mock("next/headers", async () => {
  const scope = await import("./support/request-scope");
  return { cookies: scope.cookies, headers: scope.headers };
});
const revalidated = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", () => ({ revalidatePath: (path: string) => void revalidated.push(path) }));

const APP_URL = LOCAL_APP_URL;
const WINDOW_MS = 600_000;
const HOME = "203.0.113.10";
const OFFICE = "198.51.100.20";

interface Person {
  id: string;
  cookie: string;
  csrf(purpose: string): string;
}

let emu: TestEmulator;
let testDb: TestDatabase;
let refusedAttempts = 0;
const people: Record<string, Person> = {};

async function signIn(upn: string): Promise<Person> {
  const jar = new MemoryCookieJar();
  const answer = await signInViaForm(await beginSignIn({ returnTo: "/", jar }), upn);
  const done = await completeSignIn({ query: answer.redirectUrl.searchParams, meta: { ip: HOME, userAgent: "rate-limit-test" }, jar });
  const session = await getSession({ jar });
  if (!session) throw new Error(`no session for ${upn}`);
  return { id: done.user.oid, cookie: `jit_session=${jar.values.get("jit_session")}`, csrf: (purpose) => csrfToken({ csrfSecret: session.csrfSecret, sessionId: session.id }, purpose) };
}

beforeAll(async () => {
  recordStart("action-rate-limits");
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(Math.ceil(Date.now() / WINDOW_MS) * WINDOW_MS + 1_000);
  setLogLevel("warn"); // a refusal is logged at warn
  [emu, testDb] = await Promise.all([startTestEmulator({ fixture: fleetTenant(6) }), createTestDatabase()]);
  await useAppEnv({ databaseUrl: testDb.url, emulatorUrl: emu.url, poolMax: 2, logLevel: "warn" });
  await syncTargets(testDb.db, [fleetTarget()]);
  const upns = ["n01", "n02", "p01", "p02", "a01", ...requesters(6).map((r) => r.upn.split("@")[0]!)];
  for (const name of upns) people[name] = await signIn(`${name}@contoso.example`);
}, 120_000);

afterAll(async () => {
  recordSummary("action-rate-limits", { "rate-limited attempts": refusedAttempts });
  await restoreAppEnv();
  vi.useRealTimers();
  await testDb?.stop();
  await emu?.stop();
});

// ---- driving the forms ------------------------------------------------------------------------------------

type Outcome<S = FormState> = { redirect: string } | { form: S };

/**
 * Posts a form the way the browser does: the person's session cookie, the form's CSRF token, from `forwardedFor`.
 * `initial` is the form's state before (the request forms' idle state unless given).
 */
async function post<S = FormState>(
  action: (previous: S, formData: FormData) => Promise<S>,
  who: Person,
  purpose: string,
  fields: Record<string, string>,
  forwardedFor: string,
  initial: S = idleForm as S,
): Promise<Outcome<S>> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...fields, csrf: who.csrf(purpose) })) form.set(k, v);
  const request = new Request(`${APP_URL}/`, { method: "POST", headers: { cookie: who.cookie, "x-forwarded-for": forwardedFor, "user-agent": "rate-limit-test" } });
  return runInRequestScope(request, async () => {
    try {
      return { form: await action(initial, form) };
    } catch (e) {
      if (isRedirectError(e)) return { redirect: e.digest.split(";")[2]! };
      throw e;
    }
  });
}

const submitForm = { targetId: "aks-prod", durationMinutes: "60", justification: "Rotate the ingress certificates (CHG-77)" };
const submit = (who: Person, ip: string) => post(submitRequestAction, who, csrfPurpose.submit, submitForm, ip);
const decide = (who: Person, requestId: string, ip: string) =>
  post(decideAction, who, csrfPurpose.decideByRequest(requestId), { requestId, decision: "deny", reason: "Not during the freeze" }, ip);
const cancel = (who: Person, requestId: string, ip: string) => post(cancelRequestAction, who, csrfPurpose.cancel(requestId), { requestId }, ip);
const deactivate = (who: Person, requestId: string, ip: string) => post(deactivateRequestAction, who, csrfPurpose.deactivate(requestId), { requestId }, ip);

const requestIdOf = (o: Outcome) => ("redirect" in o ? /^\/(?:requests|approvals)\/([0-9a-f-]{36})/.exec(o.redirect)?.[1] : undefined) ?? "";
const rateLimited = (message: RegExp) => ({ form: { status: "error", message: expect.stringMatching(message) as unknown, fields: {} } });
const whenToTryAgain = String.raw` Try again in (a minute|\d+ minutes)\.$`;

/**
 * Refused with `message`, and nothing a form could change has changed, not one Graph call reached the emulator (a
 * zero-latency fault rule counts them), no audit event was written — only a warning was logged, naming the person.
 */
async function refusedWithoutEffect(who: Person, attempt: () => Promise<Outcome>, message: RegExp): Promise<void> {
  const db = testDb.db;
  const state = async () => ({
    requests: await db.accessRequest.findMany({ select: { id: true, status: true, version: true }, orderBy: { id: "asc" } }),
    decisions: await db.decision.count(),
    links: await db.approvalLink.count(),
    jobs: await db.outboxJob.count(),
    audit: await db.auditEvent.count(),
    pim: pimRequestsIn(await emu.hooks.state()).length,
  });
  const before = await state();
  const counter = await emu.hooks.addFault({ path: "^/v1\\.0/", kind: "latency", latencyMs: 0 });
  const logged: string[] = [];
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (logged.push(String(chunk)), true));
  try {
    expect(await attempt()).toEqual(rateLimited(message));
  } finally {
    stderr.mockRestore();
  }
  expect(logged.map((line) => JSON.parse(line) as unknown)).toEqual([expect.objectContaining({ level: "warn", msg: "form action rate limited", userId: who.id })]);
  const graphCalls = (await emu.hooks.faults()).find((f) => f.id === counter.id)?.hits;
  await emu.hooks.clearFaults();
  expect(graphCalls).toBe(0);
  expect(await state()).toEqual(before);
  refusedAttempts++;
}

// ---- the limits ---------------------------------------------------------------------------------------------

describe("submit", () => {
  it("the 11th submit by one person within 10 minutes is refused, says when to try again and changes nothing; others are unaffected", async () => {
    const n01 = people.n01!;
    const first = await submit(n01, HOME);
    const requestId = requestIdOf(first);
    expect(first).toEqual({ redirect: `/requests/${requestId}` });
    for (let i = 2; i <= 10; i++) expect(await submit(n01, HOME)).toEqual({ redirect: `/requests/${requestId}?notice=existing` });
    // Without the limit the next submit would now create a request and ask PIM.
    expect(await cancel(n01, requestId, HOME)).toEqual({ redirect: `/requests/${requestId}?notice=canceled` });

    const tooMany = new RegExp(`^You have submitted many requests in a short time\\.${whenToTryAgain}`);
    await refusedWithoutEffect(n01, () => submit(n01, HOME), tooMany);
    await refusedWithoutEffect(n01, () => submit(n01, OFFICE), tooMany); // per person, wherever they are

    const other = await submit(people.n02!, HOME);
    expect(other).toEqual({ redirect: `/requests/${requestIdOf(other)}` });
    expect(await testDb.db.accessRequest.findUniqueOrThrow({ where: { id: requestIdOf(other) } })).toMatchObject({ requesterId: people.n02!.id, status: "pending_approval" });
  });

  it("61 submits from one address within 10 minutes: the 61st is refused whoever sends it, a prepended X-Forwarded-For does not help, other addresses are unaffected", async () => {
    const shared = "192.0.2.30";
    const six = requesters(6).map((r) => people[r.upn.split("@")[0]!]!);
    for (const who of six) {
      const first = await submit(who, shared);
      expect(first).toEqual({ redirect: `/requests/${requestIdOf(first)}` });
      for (let i = 2; i <= 10; i++) expect(await submit(who, shared)).toEqual({ redirect: `/requests/${requestIdOf(first)}?notice=existing` });
    }
    const network = new RegExp(`^Too many requests are being submitted from your network\\.${whenToTryAgain}`);
    // p01 has submitted nothing: the person's limit is far away, the address's is reached.
    await refusedWithoutEffect(people.p01!, () => submit(people.p01!, shared), network);
    await refusedWithoutEffect(people.p01!, () => submit(people.p01!, `203.0.113.99, ${shared}`), network);
    expect(await submit(people.n02!, OFFICE)).toMatchObject({ redirect: expect.stringMatching(/\?notice=existing$/) as unknown });
  });
});

describe("decide", () => {
  it("the 31st decision by one approver within 10 minutes is refused, says when to try again and changes nothing; another approver is unaffected", async () => {
    const db = testDb.db;
    const pending = (await db.accessRequest.findMany({ where: { status: "pending_approval" }, orderBy: { submittedAt: "asc" } })).map((r) => r.id);
    expect(pending.length).toBeGreaterThanOrEqual(2);
    const [decided, waiting] = pending as [string, string];
    const p01 = people.p01!;

    expect(await decide(p01, decided, HOME)).toEqual({ redirect: `/approvals/${decided}?outcome=denied` });
    expect(revalidated).toEqual(["/"]);
    // 29 more tries on the decided request: each reaches the use case (and is refused there, as already decided).
    const alreadyDecided = { form: { status: "error", message: expect.stringMatching(/^Already decided: denied by Priya Approver/) as unknown, fields: {} } };
    for (let i = 2; i <= 30; i++) expect(await decide(p01, decided, HOME)).toEqual(alreadyDecided);

    await refusedWithoutEffect(p01, () => decide(p01, waiting, HOME), new RegExp(`^You have made many decisions in a short time\\.${whenToTryAgain}`));
    expect(await db.accessRequest.findUniqueOrThrow({ where: { id: waiting } })).toMatchObject({ status: "pending_approval" });

    expect(await decide(people.p02!, waiting, HOME)).toEqual({ redirect: `/approvals/${waiting}?outcome=denied` });
    expect(await db.accessRequest.findUniqueOrThrow({ where: { id: waiting } })).toMatchObject({ status: "denied" });
  });
});

describe("cancel and deactivate", () => {
  it("share one limit of 20 per person within 10 minutes: the 21st is refused and the request stays as it was", async () => {
    const r002 = people.r002!;
    const own = await testDb.db.accessRequest.findFirstOrThrow({ where: { requesterId: r002.id, status: "pending_approval" } });
    const noSuchRequest = { form: { status: "error", message: "No such request.", fields: {} } };
    for (let i = 1; i <= 10; i++) expect(await cancel(r002, randomUUID(), HOME)).toEqual(noSuchRequest);
    for (let i = 11; i <= 20; i++) expect(await deactivate(r002, randomUUID(), HOME)).toEqual(noSuchRequest);

    await refusedWithoutEffect(r002, () => cancel(r002, own.id, HOME), new RegExp(`^You have canceled or ended access many times in a short time\\.${whenToTryAgain}`));
    expect(await cancel(people.r003!, randomUUID(), HOME)).toEqual(noSuchRequest);
  });
});

describe("auditor work", () => {
  const auditRuns = (action: "audit.verified" | "audit.exported") => testDb.db.auditEvent.count({ where: { action } });

  it("the 6th verification of the audit log by one auditor within 10 minutes is refused with when to try again; nothing is verified or recorded", async () => {
    const verify = (ip: string) => post<VerifyState>(verifyAction, people.a01!, VERIFY_CSRF_PURPOSE, {}, ip, { status: "idle" });
    for (let i = 1; i <= 5; i++) expect(await verify(HOME)).toMatchObject({ form: { status: "done", report: { ok: true } } });
    expect(await auditRuns("audit.verified")).toBe(5);
    const refused = await verify(OFFICE); // per person, wherever they are
    expect(refused).toEqual({ form: { status: "error", message: expect.stringMatching(new RegExp(`^You have verified the audit log many times in a short time\\.${whenToTryAgain}`)) as unknown } });
    expect(await auditRuns("audit.verified")).toBe(5);
    refusedAttempts++;
  });

  it("the 21st export by one auditor within 10 minutes gets the 429 page with Retry-After; nothing is exported or recorded", async () => {
    const a01 = people.a01!;
    const download = (ip: string) => {
      const request = new NextRequest(`${APP_URL}/history/export?format=jsonl&status=denied`, { headers: { cookie: a01.cookie, "x-forwarded-for": ip } });
      return runInRequestScope(request, () => exportRoute(request));
    };
    for (let i = 1; i <= 20; i++) {
      const res = await download(HOME);
      expect(res.status).toBe(200);
      await res.text(); // the export is audited once it has streamed
    }
    expect(await auditRuns("audit.exported")).toBe(20);
    const refused = await download(OFFICE);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("You have exported the history many times in a short time.");
    expect(await auditRuns("audit.exported")).toBe(20);
    refusedAttempts++;
  });
});
