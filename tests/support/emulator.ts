/**
 * Test harness for the tenant emulator: an in-process emulator on a random port with a fresh data dir,
 * serving TLS from the repo's shared CA (`.data/tls`, trusted through NODE_EXTRA_CA_CERTS), plus helpers
 * built on the REAL SDKs (msal-node, microsoft-graph-client) so tests exercise the same code paths as the app.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfidentialClientApplication, CryptoProvider, LogLevel, type AccountInfo, type Configuration } from "@azure/msal-node";
import { Client } from "@microsoft/microsoft-graph-client";
import type { FaultRule } from "../../emulator/core/faults";
import type { EmulatorOptions, FixtureApplication, MailMessage, TenantFixture } from "../../emulator/core/types";
import { startEmulator, type RunningEmulator } from "../../emulator/server";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const sharedTlsDir = path.join(repoRoot, ".data", "tls");
export const sharedCaPath = path.join(sharedTlsDir, "ca.pem");

export const graphDefaultScope = "https://graph.microsoft.com/.default";
export const armDefaultScope = "https://management.azure.com/.default";

type MsalAuth = Configuration["auth"];

export interface MsalOptions {
  clientId?: string;
  /** Default: the seeded secret (ignored when a certificate or assertion is given). */
  clientSecret?: string;
  clientCertificate?: MsalAuth["clientCertificate"];
  clientAssertion?: MsalAuth["clientAssertion"];
}

export interface UserTokenResult {
  accessToken: string;
  idToken: string;
  account: AccountInfo;
  msal: ConfidentialClientApplication;
}

export interface SignInResult {
  /** Where the browser was sent (the app's redirect URI with code/state or error). */
  redirectUrl: URL;
  code: string | null;
  state: string | null;
  error: string | null;
  errorDescription: string | null;
}

export interface TestEmulator extends RunningEmulator {
  dataDir: string;
  /** The first app registration of the current fixture. */
  app(): FixtureApplication;
  redirectUri(): string;
  msal(opts?: MsalOptions): ConfidentialClientApplication;
  appToken(resource: "graph" | "arm"): Promise<string>;
  userToken(upn: string, scopes?: string[]): Promise<UserTokenResult>;
  graph(token: string): Client;
  hooks: EmulatorHooks;
}

/** Fails fast with instructions when the process does not trust the shared CA (Node reads it only at start-up). */
function assertTrustsSharedCa(): void {
  const configured = process.env.NODE_EXTRA_CA_CERTS;
  if (!configured || path.resolve(configured) !== sharedCaPath || !fs.existsSync(sharedCaPath)) {
    throw new Error(
      `The emulator's tests need Node to trust the local CA at ${sharedCaPath}, but NODE_EXTRA_CA_CERTS is ${configured ? `"${configured}"` : "not set"}` +
        `${fs.existsSync(sharedCaPath) ? "" : " (and the CA does not exist yet)"}. Run tests through \`npm test\` (scripts/test.ts), ` +
        `e.g. \`npm test -- contract\`, which creates the CA and sets NODE_EXTRA_CA_CERTS for you.`,
    );
  }
}

export async function startTestEmulator(opts: { fixture?: string | TenantFixture } = {}): Promise<TestEmulator> {
  assertTrustsSharedCa();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-test-"));
  const emulator = await startEmulator({ port: 0, dataDir, tlsDir: sharedTlsDir, persist: false, ...(opts.fixture ? { fixture: opts.fixture } : {}) });
  const hostname = new URL(emulator.url).hostname;
  const host = new URL(emulator.url).host;
  const app = () => {
    const first = emulator.core.currentFixture().applications[0];
    if (!first) throw new Error("fixture has no application");
    return first;
  };

  const msal = (o: MsalOptions = {}) => {
    const a = app();
    const credential = o.clientCertificate
      ? { clientCertificate: o.clientCertificate }
      : o.clientAssertion
        ? { clientAssertion: o.clientAssertion }
        : { clientSecret: o.clientSecret ?? a.secrets[0]?.value ?? "" };
    return new ConfidentialClientApplication({
      auth: { clientId: o.clientId ?? a.appId, authority: `${emulator.url}/${emulator.tenantId}`, knownAuthorities: [host], ...credential },
      system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => {} } },
    });
  };

  const redirectUri = () => app().redirectUris[0] ?? "http://localhost:3000/api/auth/callback";

  return {
    url: emulator.url,
    get tenantId() {
      return emulator.tenantId;
    },
    caPath: emulator.caPath,
    services: emulator.services,
    core: emulator.core,
    reset: () => emulator.reset(),
    loadFixture: (f) => emulator.loadFixture(f),
    dataDir,
    app,
    redirectUri,
    msal,
    async appToken(resource: "graph" | "arm") {
      // A fresh client and skipCache: MSAL's cache runs on real time, the emulator on its own clock.
      const r = await msal().acquireTokenByClientCredential({ scopes: [resource === "graph" ? graphDefaultScope : armDefaultScope], skipCache: true });
      if (!r) throw new Error("no token");
      return r.accessToken;
    },
    async userToken(upn: string, scopes: string[] = ["User.Read"]) {
      const client = msal();
      const crypto = new CryptoProvider();
      const { verifier, challenge } = await crypto.generatePkceCodes();
      const nonce = crypto.createNewGuid();
      const state = crypto.createNewGuid();
      const url = await client.getAuthCodeUrl({ scopes, redirectUri: redirectUri(), codeChallenge: challenge, codeChallengeMethod: "S256", nonce, state });
      const signIn = await signInViaForm(url, upn);
      if (!signIn.code) throw new Error(`sign-in of ${upn} failed: ${signIn.error ?? "no code"} ${signIn.errorDescription ?? ""}`);
      if (signIn.state !== state) throw new Error("state was not echoed");
      const r = await client.acquireTokenByCode({ code: signIn.code, scopes, redirectUri: redirectUri(), codeVerifier: verifier, nonce });
      if (!r.account) throw new Error("no account in the token response");
      return { accessToken: r.accessToken, idToken: r.idToken, account: r.account, msal: client };
    },
    graph(token: string) {
      return Client.init({ baseUrl: `${emulator.url}/`, customHosts: new Set([hostname]), authProvider: (done) => done(null, token) });
    },
    hooks: createHooks(emulator.url),
    async stop() {
      await emulator.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Browser-like sign-in through the emulator's account picker

function decodeEntities(s: string): string {
  return s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

function hiddenFields(html: string): [string, string][] {
  return [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [decodeEntities(m[1] ?? ""), decodeEntities(m[2] ?? "")]);
}

function resultFrom(target: URL, fields?: URLSearchParams): SignInResult {
  const params = fields ?? (target.hash ? new URLSearchParams(target.hash.slice(1)) : target.searchParams);
  return { redirectUrl: target, code: params.get("code"), state: params.get("state"), error: params.get("error"), errorDescription: params.get("error_description") };
}

async function readOutcome(res: Response, base: string): Promise<SignInResult | string> {
  if (res.status === 302) return resultFrom(new URL(res.headers.get("location") ?? "", base));
  const html = await res.text();
  const post = /<form method="post" action="([^"]*)" id="form_post">/.exec(html);
  if (res.status === 200 && post) return resultFrom(new URL(decodeEntities(post[1] ?? "")), new URLSearchParams(hiddenFields(html)));
  if (res.status !== 200) throw new Error(`authorize failed with HTTP ${res.status}: ${/<p class="error"[^>]*>([^<]*)</.exec(html)?.[1] ?? html.slice(0, 300)}`);
  return html;
}

/**
 * Does what a browser does: GET the authorize URL, pick `upn` on the account picker (a form POST), and
 * return where the emulator sends the browser next. Error pages (e.g. AADSTS50011) throw with their text.
 */
export async function signInViaForm(authorizeUrl: string, upn: string): Promise<SignInResult> {
  const first = await readOutcome(await fetch(authorizeUrl, { redirect: "manual" }), authorizeUrl);
  if (typeof first !== "string") return first;
  const action = /<form method="post" action="([^"]*)">/.exec(first)?.[1];
  if (!action) throw new Error("no sign-in form on the authorize page");
  const body = new URLSearchParams(hiddenFields(first));
  body.set("login_upn", upn);
  const res = await fetch(new URL(decodeEntities(action), authorizeUrl), { method: "POST", body, redirect: "manual" });
  const outcome = await readOutcome(res, authorizeUrl);
  if (typeof outcome === "string") throw new Error(`sign-in as ${upn} did not complete: ${/<p class="error"[^>]*>([^<]*)</.exec(outcome)?.[1] ?? "no redirect"}`);
  return outcome;
}

// ------------------------------------------------------------------------------------------------
// /_emulator hooks

export interface ClockView {
  now: string;
  frozen: boolean;
  offsetMs: number;
}

export interface ActiveFaultView extends FaultRule {
  id: string;
  hits: number;
}

export interface EmulatorHooks {
  reset(): Promise<void>;
  loadFixture(fixture: TenantFixture | { name: string }): Promise<void>;
  clock(): Promise<ClockView>;
  advanceClock(seconds: number): Promise<ClockView>;
  setClock(at: Date | string): Promise<ClockView>;
  freezeClock(frozen?: boolean): Promise<ClockView>;
  mail(to?: string): Promise<MailMessage[]>;
  clearMail(to?: string): Promise<number>;
  faults(): Promise<ActiveFaultView[]>;
  addFault(rule: FaultRule): Promise<ActiveFaultView>;
  clearFaults(): Promise<void>;
  state(): Promise<Record<string, unknown>>;
  options(): Promise<EmulatorOptions>;
  patchOptions(patch: Partial<EmulatorOptions>): Promise<EmulatorOptions>;
}

export function createHooks(baseUrl: string): EmulatorHooks {
  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/_emulator${route}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /_emulator${route} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const q = (to?: string) => (to ? `?to=${encodeURIComponent(to)}` : "");
  return {
    reset: async () => void (await call("POST", "/reset")),
    loadFixture: async (fixture) => void (await call("POST", "/fixture", fixture)),
    clock: () => call("GET", "/clock"),
    advanceClock: (seconds) => call("POST", "/clock", { advanceSeconds: seconds }),
    setClock: (at) => call("POST", "/clock", { set: typeof at === "string" ? at : at.toISOString() }),
    freezeClock: (frozen = true) => call("POST", "/clock", { freeze: frozen }),
    mail: async (to) => (await call<{ value: MailMessage[] }>("GET", `/mail${q(to)}`)).value,
    clearMail: async (to) => (await call<{ deleted: number }>("DELETE", `/mail${q(to)}`)).deleted,
    faults: async () => (await call<{ value: ActiveFaultView[] }>("GET", "/faults")).value,
    addFault: (rule) => call("POST", "/faults", rule),
    clearFaults: async () => void (await call("DELETE", "/faults")),
    state: () => call("GET", "/state"),
    options: () => call("GET", "/options"),
    patchOptions: (patch) => call("PATCH", "/options", patch),
  };
}
