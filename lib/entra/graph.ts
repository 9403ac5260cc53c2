/**
 * Microsoft Graph clients. One code path for production and the emulator: only the base URL differs, and the
 * emulator's host is added to `customHosts` because the Graph SDK strips the Authorization header for any host
 * it does not recognise as Graph (entra-graph-api.md §1 fact 9, §9.5).
 */
import { Client } from "@microsoft/microsoft-graph-client";
import { graphMiddlewareChain } from "@/lib/metrics/graph";
import type { Db } from "@/lib/db/client";
import { loadEnv } from "@/lib/env";
import { SIGN_IN_SCOPES } from "./scopes";
import { getAppAccessToken, getUserAccessToken } from "./tokens";

export type GraphClient = Client;

export interface GraphClientOptions {
  /** e.g. "https://graph.microsoft.com" or "https://localhost:8443" (no version segment). */
  baseUrl: string;
  getToken: () => Promise<string>;
  /**
   * The SDK retries 429/503/504 itself, sleeping for Retry-After (up to 180 s) inside the call. Interactive
   * calls keep that; the outbox worker turns it off so its own durable back-off decides and no worker slot
   * sleeps for minutes.
   */
  sdkRetries?: boolean;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "") + "/";
  const customHosts = new Set([new URL(baseUrl).hostname]);
  const tokenErrors: Error[] = [];
  const authProvider = (done: (error: unknown, token: string | null) => void) => {
    options.getToken().then(
      (token) => done(null, token),
      (error: unknown) => {
        if (error instanceof Error) tokenErrors.push(error);
        if (tokenErrors.length > 10) tokenErrors.shift();
        done(error, null);
      },
    );
  };
  // The SDK's default Node chain plus our metrics middleware (latency/errors per endpoint, client-request-id
  // from the current request), with in-call retries turned off for the worker (see sdkRetries above).
  const client = Client.initWithMiddleware({
    baseUrl,
    customHosts,
    middleware: graphMiddlewareChain(authProvider, { sdkRetries: options.sdkRetries ?? true }),
  });
  return preservingTokenErrors(client, tokenErrors);
}

/**
 * The SDK turns anything thrown while getting a token into a GraphError with statusCode -1, keeping only the
 * message: an AppError("reauth_required") from lib/entra/tokens.ts would lose its code, and the page could no
 * longer send the user to sign in. This wrapper re-throws the token provider's own error instead.
 */
function preservingTokenErrors(client: Client, tokenErrors: Error[]): Client {
  const translate = (e: unknown): never => {
    const g = e as { statusCode?: unknown; message?: unknown };
    const original = g?.statusCode === -1 ? tokenErrors.find((t) => t.message === g.message) : undefined;
    throw original ?? e;
  };
  const wrap = <T extends object>(target: T): T => {
    const proxy: T = new Proxy(target, {
      get(t, property) {
        const value: unknown = Reflect.get(t, property, t);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(t, args);
          if (result === t) return proxy; // chained builder calls (.filter().select()…)
          if (result instanceof Promise) return result.catch(translate);
          return result;
        };
      },
    });
    return proxy;
  };
  return new Proxy(client, {
    get(t, property) {
      if (property === "api") return (path: string) => wrap(t.api(path));
      return Reflect.get(t, property, t) as unknown;
    },
  });
}

/** Where the rest of lib/ gets Graph clients from; tests hand in clients holding emulator tokens. */
export interface GraphClients {
  /** App-only (client credentials): directory reads, mail, PIM reads, session revocation. */
  app(): GraphClient;
  /** Delegated, acting as the signed-in user: selfActivate/Deactivate, cancel, approval stage PATCH. */
  user(user: { id: string; homeAccountId: string; upn: string }): GraphClient;
}

/** Production clients: tokens from MSAL (lib/entra/tokens.ts), base URL from GRAPH_BASE_URL. */
export function createGraphClients(options: { db?: Db; sdkRetries?: boolean; baseUrl?: string } = {}): GraphClients {
  const baseUrl = options.baseUrl ?? loadEnv().GRAPH_BASE_URL;
  const app = createGraphClient({ baseUrl, getToken: () => getAppAccessToken("graph"), sdkRetries: options.sdkRetries });
  return {
    app: () => app,
    user: (user) =>
      createGraphClient({
        baseUrl,
        sdkRetries: options.sdkRetries,
        getToken: () => getUserAccessToken(user.homeAccountId, SIGN_IN_SCOPES, { db: options.db }),
      }),
  };
}

interface Page<T> {
  value?: T[];
  "@odata.nextLink"?: string;
}

/** Every item of a collection, following `@odata.nextLink` (absolute URLs are re-based by the SDK). */
export async function getAllPages<T>(client: GraphClient, first: Page<T>, maxPages = 100): Promise<T[]> {
  const items: T[] = [...(first.value ?? [])];
  let next = first["@odata.nextLink"];
  for (let page = 1; next && page < maxPages; page++) {
    const res = (await client.api(next).get()) as Page<T>;
    items.push(...(res.value ?? []));
    next = res["@odata.nextLink"];
  }
  return items;
}
