/**
 * Web security of the running product (production build, real browser): response headers and a per-response
 * CSP nonce (proxy.ts, lib/security/headers.ts), pages that run under that CSP without a single violation,
 * CSRF on server actions (Next's Origin check, then the form's session-bound token), the sign-in rate limit, and
 * secrets kept out of the app's own log.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { approvalLinkIn, person, pimRequestsOf, submitRequest, upn, userId, waitForMail } from "./flow-helpers";
import { signIn } from "./support/sign-in";
import { useStack } from "./support/stack";

const stack = useStack();
/** Cookie values and approval-link tokens seen during the run, for the log check at the end. */
const seen: string[] = [];

const directives = (csp: string | undefined) => new Map((csp ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name ?? "", values]));

test("every page and route response carries the security headers, with a fresh CSP nonce each time", async ({ request }) => {
  const { appUrl, emulatorUrl } = stack();
  const nonces = new Set<string>();
  for (const url of ["/", "/", "/auth/signed-out", "/requests", "/api/health/live", "/api/auth/login?returnTo=%2F", "/no-such-page"]) {
    const res = await request.get(`${appUrl}${url}`, { maxRedirects: 0 });
    const headers = res.headers();
    const csp = directives(headers["content-security-policy"]);
    expect(csp.get("default-src"), url).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'", new URL(emulatorUrl).origin]);
    const script = csp.get("script-src") ?? [];
    expect(script).toContain("'strict-dynamic'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    const nonce = script.find((s) => s.startsWith("'nonce-"));
    expect(nonce).toBeTruthy();
    nonces.add(nonce!);
    expect(headers).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY" });
    expect(headers["permissions-policy"]).toContain("camera=()");
    // Plain-http localhost: no HSTS (it would be ignored, and would pin a dev host).
    expect(headers["strict-transport-security"]).toBeUndefined();
  }
  expect(nonces.size).toBe(7);

  // Build assets get the static headers from next.config.mjs.
  const html = await (await request.get(`${appUrl}/`)).text();
  const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
  expect(asset).toBeTruthy();
  const assetRes = await request.get(`${appUrl}${asset}`);
  expect(assetRes.headers()).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" });
});

/** Collects CSP violations the page reports (console) and checks every script element carries the nonce. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

/**
 * Every script the server rendered carries this response's nonce (chunks Next loads later are trusted through
 * 'strict-dynamic' and need none), and every inline script in the live page has one too.
 */
async function expectScriptsNonced(page: Page): Promise<void> {
  const res = await page.request.get(page.url());
  const nonce = /'nonce-([^']+)'/.exec(res.headers()["content-security-policy"] ?? "")?.[1];
  const tags = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) expect(tag, "server-rendered script").toContain(`nonce="${nonce}"`);
  const inline = await page.evaluate(() => [...document.querySelectorAll("script:not([src])")].map((s) => (s as HTMLScriptElement).nonce));
  for (const n of inline) expect(n, "inline script").not.toBe("");
}

test("the app works under its CSP: no violation while signing in, requesting, approving and signing out", async ({ browser, request }) => {
  const s = stack();
  const requester = await person(browser, s, upn.n01);
  const violations = watchCsp(requester.page);
  await signIn(requester.page, s.appUrl, upn.n01, "/requests");
  for (const c of await requester.context.cookies()) seen.push(c.value);
  await expectScriptsNonced(requester.page);
  const requestId = await submitRequest(requester.page, s.appUrl, { minutes: 60, justification: "CSP test: rotate the ingress certificate" });
  await expectScriptsNonced(requester.page);

  const approver = await person(browser, s, upn.p01, "/approvals");
  const approverViolations = watchCsp(approver.page);
  const link = approvalLinkIn(await waitForMail(request, s, upn.p01, requestId, /Approval needed/));
  seen.push(link.split("/approve/")[1] ?? "");
  await approver.page.goto(link);
  await expectScriptsNonced(approver.page);
  await approver.page.getByLabel("Reason").fill("Checked under a strict CSP");
  await approver.page.getByTestId("approve").click();
  await expect(approver.page.getByTestId("decision-outcome")).toHaveAttribute("data-outcome", "approved");

  // Sign-out posts a form whose 303 goes on to Entra's logout: allowed by form-action.
  await requester.page.goto(`${s.appUrl}/requests`);
  await requester.page.getByTestId("sign-out").click();
  await expect(requester.page.getByTestId("signed-out")).toBeVisible();
  for (const c of [...(await requester.context.cookies()), ...(await approver.context.cookies())]) seen.push(c.value);
  expect([...violations, ...approverViolations]).toEqual([]);
  await requester.context.close();
  await approver.context.close();
});

test("a server action without the form's CSRF token is refused by the app; one from another origin by Next", async ({ browser, request }) => {
  const s = stack();
  const n02 = await person(browser, s, upn.n02, "/requests/new");
  const pimRequests = async () => (await pimRequestsOf(request, s, userId.n02)).length;
  const before = await pimRequests();
  const fillForm = async (justification: string) => {
    await n02.page.goto(`${s.appUrl}/requests/new`);
    await n02.page.locator('[data-testid="duration-option"][data-minutes="60"]').click();
    await n02.page.getByLabel("Justification").fill(justification);
  };

  // 1. Our own page, but the form lost the CSRF token the page put in it (a form forged elsewhere has none).
  await fillForm("Forged form without the CSRF token");
  await n02.page.evaluate(() => document.querySelectorAll('input[name="csrf"]').forEach((e) => e.remove()));
  await n02.page.getByTestId("submit-request").click();
  await expect(n02.page.getByText(/This form has expired or was not sent from this page/)).toBeVisible();
  expect(await pimRequests()).toBe(before);

  // 2. The real submission (token and all), captured in the browser and held back, then replayed with the
  //    victim's cookies: with a foreign Origin — what a cross-site page would send — Next refuses to run the
  //    action; the identical replay with our own Origin goes through, so it was the Origin that was refused.
  await fillForm("Cross-site attempt that must not go through");
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await n02.page.route(`${s.appUrl}/requests/new`, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = { headers: await route.request().allHeaders(), body: route.request().postDataBuffer() ?? Buffer.alloc(0) };
    await route.abort();
  });
  await n02.page.getByTestId("submit-request").click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await n02.page.unroute(`${s.appUrl}/requests/new`);
  const replay = (origin: string) =>
    n02.context.request.post(`${s.appUrl}/requests/new`, { headers: { ...captured!.headers, origin }, data: captured!.body, maxRedirects: 0 });
  expect(captured!.headers["next-action"]).toBeTruthy();
  expect((await replay("https://evil.example")).status()).toBe(500); // "Invalid Server Actions request."
  expect(await pimRequests()).toBe(before);
  expect((await replay(new URL(s.appUrl).origin)).status()).toBeLessThan(400);
  await expect.poll(pimRequests).toBe(before + 1);
  await n02.context.close();
});

test("sign-in is rate limited per client address: a clear 429 page with Retry-After, other addresses unaffected", async ({ request }) => {
  const { appUrl } = stack();
  const from = (ip: string) => ({ maxRedirects: 0, headers: { "x-forwarded-for": ip } });
  for (let i = 0; i < 30; i++) expect((await request.get(`${appUrl}/api/auth/login`, from("198.51.100.77"))).status()).toBe(302);
  const limited = await request.get(`${appUrl}/api/auth/login`, from("198.51.100.77"));
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await limited.text()).toContain("Too many sign-in attempts from your network.");
  // A client cannot dodge it by prepending addresses: the rightmost one (our proxy's) counts.
  expect((await request.get(`${appUrl}/api/auth/login`, from("203.0.113.1, 198.51.100.77"))).status()).toBe(429);
  expect((await request.get(`${appUrl}/api/auth/login`, from("198.51.100.78"))).status()).toBe(302);
});

test("a session cookie planted before sign-in is replaced, and the planted value never signs anyone in (no fixation)", async ({ browser }) => {
  const { appUrl } = stack();
  const context = await browser.newContext();
  const planted = "P".repeat(43); // the shape of a real token
  await context.addCookies([{ name: "jit_session", value: planted, url: appUrl, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await signIn(page, appUrl, upn.n02, "/");
  const cookie = (await context.cookies()).find((c) => c.name === "jit_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  expect(cookie?.value).not.toBe(planted);
  seen.push(cookie?.value ?? "");
  // The attacker who planted it holds only the planted value: it is not a session.
  const attacker = await browser.newContext();
  await attacker.addCookies([{ name: "jit_session", value: planted, url: appUrl }]);
  const status = await attacker.request.get(`${appUrl}/requests`, { maxRedirects: 0 });
  expect([302, 303, 307]).toContain(status.status());
  await context.close();
  await attacker.close();
});

test("sign-out refuses a cross-site POST", async ({ request }) => {
  const res = await request.post(`${stack().appUrl}/api/auth/logout`, { headers: { origin: "https://evil.example" }, maxRedirects: 0 });
  expect(res.status()).toBe(403);
});

test("the app's log holds none of the secrets, tokens, links or cookies of the run", () => {
  const s = stack();
  // e2e/support/stack.ts appends the app's stdout and stderr to this file.
  const logFile = path.join(process.cwd(), ".data", "test-results", `app-${path.basename(s.dataDir)}.log`);
  const text = readFileSync(logFile, "utf8");
  expect(text.length).toBeGreaterThan(0);
  expect(seen.length).toBeGreaterThan(2);
  const secrets = [s.env.AZURE_CLIENT_SECRET, s.env.TOKEN_ENCRYPTION_KEY, ...seen].filter((v): v is string => typeof v === "string" && v.length >= 20);
  for (const secret of secrets) expect(text.includes(secret)).toBe(false);
  expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./);
  expect(text).not.toMatch(/\/approve\/[A-Za-z0-9_-]{43}/);
});
