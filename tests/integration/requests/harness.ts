/**
 * Integration harness for the request flow: a migrated test database (tests/support/db.ts), the real tenant
 * emulator (tests/support/emulator.ts) and the app's use cases and worker wired together through `Deps`.
 *
 * Token seam (documented in the report): instead of signing users in through the app and reading tokens back
 * from the encrypted MSAL cache, `deps.graph.user(u)` gets a delegated token by signing `u.upn` in to the
 * emulator with MSAL (auth code + PKCE, the app's real sign-in scopes). Tokens are cached per user and fetched
 * again after the emulated clock moves, because the emulator judges expiry by its own clock.
 *
 * Time: `deps.now()` follows the emulator's clock (real time + the emulator's offset), so advancing the emulator
 * also moves the app's notion of "now" — due jobs, link expiry, PIM's 24 h window.
 */
import { createGraphClient } from "@/lib/entra/graph";
import { AppError } from "@/lib/errors";
import { SIGN_IN_SCOPES } from "@/lib/entra/scopes";
import { jobHandlers } from "@/lib/jobs/handlers";
import { runWorkerOnce, type RunSummary } from "@/lib/jobs/worker";
import type { Deps, SessionUser } from "@/lib/requests/deps";
import { syncTargets, type Target } from "@/lib/targets";
import type { MailMessage, TenantFixture } from "@/emulator/core/types";
import { createTestDatabase, type TestDatabase } from "../../support/db";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { adminCapableTenant, clusterScope, id } from "../../contract/pim-test-kit";

export { id };

export const people = {
  n01: { id: id.n01, upn: "n01@contoso.example", displayName: "Nora Requester" },
  n02: { id: id.n02, upn: "n02@contoso.example", displayName: "Nils Requester" },
  p01: { id: id.p01, upn: "p01@contoso.example", displayName: "Priya Approver" },
  p02: { id: id.p02, upn: "p02@contoso.example", displayName: "Paul Approver" },
  o01: { id: id.o01, upn: "o01@contoso.example", displayName: "Olga Owner" },
  a01: { id: id.a01, upn: "a01@contoso.example", displayName: "Ada Auditor" },
} as const;
export type Person = keyof typeof people;

export function target(overrides: Partial<Target> = {}): Target {
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

export interface Harness {
  emu: TestEmulator;
  testDb: TestDatabase;
  deps: Deps;
  user(who: Person): SessionUser;
  /** Moves the emulator's clock (and so the app's) forward. */
  advance(seconds: number): Promise<void>;
  /** Runs the worker until no job is due (bounded). */
  runJobs(maxRounds?: number): Promise<RunSummary>;
  mail(to: string): Promise<MailMessage[]>;
  /** From now until the next reset, getting `who`'s token fails the way lib/entra/tokens.ts fails: reauth_required. */
  expireSignIn(who: Person): void;
  /** Resets emulator, database rows and token cache between tests; `fixture` defaults to the admin-capable tenant. */
  reset(opts?: { fixture?: TenantFixture; targets?: Target[] }): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const emu = await startTestEmulator({ fixture: adminCapableTenant() });
  const testDb = await createTestDatabase();
  let offsetMs = (await emu.hooks.clock()).offsetMs;
  const now = () => new Date(Date.now() + offsetMs);
  const tokens = new Map<string, { token: string; at: number }>();
  const expired = new Set<string>();

  const cachedToken = async (key: string, fetch: () => Promise<string>) => {
    const hit = tokens.get(key);
    if (hit && now().getTime() - hit.at < 20 * 60_000) return hit.token;
    const token = await fetch();
    tokens.set(key, { token, at: now().getTime() });
    return token;
  };

  const deps: Deps = {
    db: testDb.db,
    now,
    appUrl: "https://jit.contoso.example",
    mailSender: "jit-bot@contoso.example",
    tenantId: id.tenant,
    targets: [target()],
    graph: {
      // The worker's configuration: no in-call SDK retries, so the outbox back-off is what is tested.
      app: () => createGraphClient({ baseUrl: emu.url, sdkRetries: false, getToken: () => cachedToken("app", () => emu.appToken("graph")) }),
      user: (u) =>
        createGraphClient({
          baseUrl: emu.url,
          sdkRetries: false,
          getToken: () =>
            expired.has(u.upn)
              ? Promise.reject(new AppError("reauth_required", "Your Microsoft sign-in has expired. Sign in again to continue."))
              : cachedToken(`user:${u.upn}`, async () => (await emu.userToken(u.upn, [...SIGN_IN_SCOPES])).accessToken),
        }),
    },
  };
  await syncTargets(deps.db, deps.targets);

  const harness: Harness = {
    emu,
    testDb,
    deps,
    user: (who) => ({ ...people[who], homeAccountId: `${people[who].id}.${id.tenant}`, email: people[who].upn }),
    async advance(seconds) {
      offsetMs = (await emu.hooks.advanceClock(seconds)).offsetMs;
      tokens.clear();
    },
    async runJobs(maxRounds = 30) {
      const total: RunSummary = { claimed: 0, done: 0, rescheduled: 0, retried: 0, dead: 0 };
      for (let round = 0; round < maxRounds; round++) {
        const s = await runWorkerOnce(deps, { handlers: jobHandlers, workerId: "test-worker" });
        for (const k of Object.keys(total) as (keyof RunSummary)[]) total[k] += s[k];
        if (s.claimed === 0) return total;
      }
      throw new Error(`jobs still due after ${maxRounds} rounds`);
    },
    mail: (to) => emu.hooks.mail(to),
    expireSignIn: (who) => void expired.add(people[who].upn),
    async reset(opts = {}) {
      emu.loadFixture(opts.fixture ?? adminCapableTenant());
      await emu.hooks.clearFaults();
      offsetMs = (await emu.hooks.clock()).offsetMs;
      tokens.clear();
      expired.clear();
      // audit_events is append-only (a trigger refuses DELETE): tests read it by request id instead of clearing it.
      const db = testDb.db;
      await db.$transaction([db.outboxJob.deleteMany(), db.approvalLink.deleteMany(), db.decision.deleteMany(), db.accessRequest.deleteMany()]);
      deps.targets = opts.targets ?? [target()];
      await syncTargets(db, deps.targets);
    },
    async stop() {
      await testDb.stop();
      await emu.stop();
    },
  };
  return harness;
}

/** The personal approval link in an approval email. */
export function linkTokenIn(message: MailMessage): string {
  const m = /\/approve\/([A-Za-z0-9_-]{43})/.exec(message.body.content);
  if (!m?.[1]) throw new Error(`no approval link in "${message.subject}"`);
  return m[1];
}

export async function auditActions(h: Harness, requestId: string): Promise<string[]> {
  const rows = await h.testDb.db.auditEvent.findMany({ where: { requestId }, orderBy: { seq: "asc" }, select: { action: true } });
  return rows.map((r) => r.action);
}
