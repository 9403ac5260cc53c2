/**
 * What use cases and jobs need from the outside world, passed in explicitly. The app builds it once from the
 * environment (`appDeps()`); integration tests build it with a test database, Graph clients holding emulator
 * tokens, and a clock that follows the emulator's.
 */
import { db, type Db } from "@/lib/db/client";
import { createGraphClients, type GraphClients } from "@/lib/entra/graph";
import { loadEnv } from "@/lib/env";
import { loadTargets, type Target } from "@/lib/targets";

export interface Deps {
  db: Db;
  graph: GraphClients;
  now(): Date;
  /** Public base URL of the app, for links in emails. */
  appUrl: string;
  /** Mailbox (UPN or object id) approval emails are sent from. */
  mailSender: string;
  tenantId: string;
  targets: readonly Target[];
}

/** The signed-in user as the session layer hands it to use cases. */
export interface SessionUser {
  /** Entra object id (oid). */
  id: string;
  /** MSAL account key "{oid}.{tid}": the key of the user's token cache. */
  homeAccountId: string;
  upn: string;
  displayName: string;
  email?: string | null;
}

/** Where a call came from, for the audit log. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

let cached: Deps | undefined;

/**
 * The app's dependencies. `sdkRetries: false` is for the worker, whose outbox back-off replaces the Graph SDK's
 * in-call retries.
 */
export function appDeps(options: { sdkRetries?: boolean } = {}): Deps {
  if (cached && options.sdkRetries === undefined) return cached;
  const env = loadEnv();
  const deps: Deps = {
    db,
    graph: createGraphClients({ sdkRetries: options.sdkRetries }),
    now: () => new Date(),
    appUrl: env.APP_URL,
    mailSender: env.MAIL_SENDER,
    tenantId: env.AZURE_TENANT_ID,
    targets: loadTargets(env),
  };
  if (options.sdkRetries === undefined) cached = deps;
  return deps;
}
