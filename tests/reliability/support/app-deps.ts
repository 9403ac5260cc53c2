/**
 * The app's `Deps`, built the way lib/requests/deps.ts builds them, for a test database and an emulator that may
 * live in ANOTHER process (the crash and replica tests run the use cases and the worker in child processes).
 *
 * Like tests/integration/requests/harness.ts, delegated tokens come from signing the user in to the emulator with
 * MSAL (auth code + PKCE, the app's sign-in scopes) instead of from the encrypted token cache of a browser session.
 * Two flavours share the database, the clock and the tokens:
 *   - `interactive`: Graph clients with the SDK's own retries (what pages and server actions use);
 *   - `worker`: no in-call retries (what lib/jobs/start.ts uses), so the outbox back-off does the retrying.
 * Time follows the emulator's clock: `now()` = real time + the emulator's offset, refreshed by `syncClock()`.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { ConfidentialClientApplication, CryptoProvider, LogLevel } from "@azure/msal-node";
import type { Db } from "@/lib/db/client";
import { createGraphClient } from "@/lib/entra/graph";
import { SIGN_IN_SCOPES } from "@/lib/entra/scopes";
import type { Deps, SessionUser } from "@/lib/requests/deps";
import type { Target } from "@/lib/targets";
import { createHooks, signInViaForm, type EmulatorHooks } from "../../support/emulator";
import { clusterScope, id } from "../../contract/pim-test-kit";

export const APP_URL = "https://jit.contoso.example";
export const MAIL_SENDER = "jit-bot@contoso.example";
export const CLIENT_SECRET = "emulator-demo-secret-not-for-production";
const REDIRECT_URI = "http://localhost:3000/api/auth/callback";

export function fleetTarget(overrides: Partial<Target> = {}): Target {
  return {
    id: "aks-prod",
    displayName: "AKS production (admin)",
    pimGroupId: id.admin,
    approverGroupId: id.approver,
    clusterResourceId: clusterScope,
    quorum: 1,
    defaultDurationMinutes: 60,
    maxDurationMinutes: 480,
    ...overrides,
  };
}

export interface TokenSeen {
  kind: "access" | "id" | "refresh";
  value: string;
}

export interface AppDepsSet {
  interactive: Deps;
  worker: Deps;
  hooks: EmulatorHooks;
  /** Reads the emulator's clock offset again (after it moved). */
  syncClock(): Promise<void>;
  /** Every token this process obtained, for the secrets-in-logs check. */
  tokensSeen: TokenSeen[];
}

/**
 * `tokenFile`: share delegated tokens between the processes of one test (each restart of a crash driver would
 * otherwise sign every user in again); entries carry their emulated issue time and age out the same way.
 */
export async function createAppDeps(o: { db: Db; emulatorUrl: string; targets?: Target[]; tokenFile?: string }): Promise<AppDepsSet> {
  const hooks = createHooks(o.emulatorUrl);
  let offsetMs = (await hooks.clock()).offsetMs;
  const now = () => new Date(Date.now() + offsetMs);
  const tokensSeen: TokenSeen[] = [];
  const host = new URL(o.emulatorUrl).host;
  const msal = () =>
    new ConfidentialClientApplication({
      auth: { clientId: id.appId, authority: `${o.emulatorUrl}/${id.tenant}`, knownAuthorities: [host], clientSecret: CLIENT_SECRET },
      system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => {} } },
    });

  // One token per key, fetched again after 20 emulated minutes (the emulator judges expiry by its own clock).
  const tokens = new Map<string, { token: Promise<string>; at: number }>();
  const shared = (): Record<string, { token: string; at: number }> => {
    try {
      return o.tokenFile && existsSync(o.tokenFile) ? (JSON.parse(readFileSync(o.tokenFile, "utf8")) as Record<string, { token: string; at: number }>) : {};
    } catch {
      return {}; // another process was killed while writing it: sign in again
    }
  };
  const isFresh = (at: number) => now().getTime() - at < 20 * 60_000 && at <= now().getTime();
  const cached = (key: string, fetch: () => Promise<string>): Promise<string> => {
    const hit = tokens.get(key);
    if (hit && isFresh(hit.at)) return hit.token;
    const stored = shared()[key];
    if (stored && isFresh(stored.at)) {
      const token = Promise.resolve(stored.token);
      tokens.set(key, { token, at: stored.at });
      return token;
    }
    const at = now().getTime();
    const token = fetch().then((value) => {
      if (o.tokenFile) {
        // Write-then-rename: a process killed mid-write leaves the old file, never half of one.
        const tmp = `${o.tokenFile}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify({ ...shared(), [key]: { token: value, at } }));
        renameSync(tmp, o.tokenFile);
      }
      return value;
    });
    tokens.set(key, { token, at });
    token.catch(() => tokens.delete(key));
    return token;
  };
  const appToken = () =>
    cached("app", async () => {
      const r = await msal().acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"], skipCache: true });
      if (!r) throw new Error("no app token");
      tokensSeen.push({ kind: "access", value: r.accessToken });
      return r.accessToken;
    });
  const userToken = (u: Pick<SessionUser, "upn">) =>
    cached(`user:${u.upn}`, async () => {
      const client = msal();
      const crypto = new CryptoProvider();
      const { verifier, challenge } = await crypto.generatePkceCodes();
      const scopes = [...SIGN_IN_SCOPES];
      const url = await client.getAuthCodeUrl({ scopes, redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: "S256" });
      const signIn = await signInViaForm(url, u.upn);
      if (!signIn.code) throw new Error(`sign-in of ${u.upn} failed: ${signIn.error ?? "no code"}`);
      const r = await client.acquireTokenByCode({ code: signIn.code, scopes, redirectUri: REDIRECT_URI, codeVerifier: verifier });
      tokensSeen.push({ kind: "access", value: r.accessToken }, { kind: "id", value: r.idToken });
      const cache = JSON.parse(client.getTokenCache().serialize()) as { RefreshToken?: Record<string, { secret: string }> };
      for (const rt of Object.values(cache.RefreshToken ?? {})) tokensSeen.push({ kind: "refresh", value: rt.secret });
      return r.accessToken;
    });

  const graph = (sdkRetries: boolean): Deps["graph"] => ({
    app: () => createGraphClient({ baseUrl: o.emulatorUrl, sdkRetries, getToken: appToken }),
    user: (u) => createGraphClient({ baseUrl: o.emulatorUrl, sdkRetries, getToken: () => userToken(u) }),
  });
  const base = { db: o.db, now, appUrl: APP_URL, mailSender: MAIL_SENDER, tenantId: id.tenant, targets: o.targets ?? [fleetTarget()] };
  return {
    interactive: { ...base, graph: graph(true) },
    worker: { ...base, graph: graph(false) },
    hooks,
    tokensSeen,
    async syncClock() {
      offsetMs = (await hooks.clock()).offsetMs;
    },
  };
}
