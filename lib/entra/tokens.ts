import { InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { db as defaultDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { entraFailureFromError, explainAadsts, isAdminFixable } from "./aadsts";
import { createUserClient, getAppClient } from "./msal";
import { APP_SCOPES, type AppResource } from "./scopes";
import { createTokenCachePlugin, deleteSerializedCache } from "./token-cache";

/**
 * Access tokens for the rest of lib/entra. Graph and ARM tokens are opaque to the app: never parse them.
 */

const REAUTH_MESSAGE = "Your Microsoft sign-in has expired. Sign in again to continue.";

/** Errors after which only an interactive sign-in helps (entra-graph-api.md §10.4). */
const reauthClientCodes = new Set(["no_tokens_found", "refresh_token_expired", "no_account_in_silent_request", "native_account_unavailable"]);

function reauth(cause?: unknown, details?: Record<string, unknown>): AppError {
  return new AppError("reauth_required", REAUTH_MESSAGE, { cause, details });
}

/** Maps an MSAL failure to our AppError: reauth, misconfiguration (admin must act), or upstream trouble. */
export function toAppError(e: unknown, context: string): AppError {
  if (e instanceof AppError) return e;
  const failure = entraFailureFromError(e);
  if (e instanceof InteractionRequiredAuthError || reauthClientCodes.has(failure.error)) {
    return reauth(e, { ...failure, claims: e instanceof InteractionRequiredAuthError ? e.claims || undefined : undefined });
  }
  if (e instanceof ServerError && failure.error === "invalid_grant") return reauth(e, { ...failure });
  log.error(`${context} failed`, { failure, error: e });
  if (failure.aadsts && isAdminFixable(failure.aadsts)) {
    return new AppError("misconfigured", explainAadsts(failure.aadsts) ?? "Microsoft Entra ID rejected this app's configuration.", {
      cause: e,
      details: { ...failure },
    });
  }
  if (failure.error === "invalid_client" || failure.error === "unauthorized_client") {
    const known = failure.aadsts ? explainAadsts(failure.aadsts) : undefined;
    return new AppError("misconfigured", known ?? "Microsoft Entra ID rejected this app's credentials. An administrator must check the app registration.", {
      cause: e,
      details: { ...failure },
    });
  }
  return new AppError("upstream", "Microsoft Entra ID could not issue a token right now. Try again in a minute.", {
    cause: e,
    details: { ...failure },
  });
}

/**
 * A delegated access token for the signed-in user, from that user's cache partition (refreshing with the
 * refresh token when needed). Throws AppError("reauth_required") when Entra wants an interactive sign-in.
 */
export async function getUserAccessToken(
  homeAccountId: string,
  scopes: readonly string[],
  options: { forceRefresh?: boolean; db?: Db } = {},
): Promise<string> {
  try {
    const cca = await createUserClient({ cachePlugin: createTokenCachePlugin(homeAccountId, options.db ?? defaultDb) });
    const account = await cca.getTokenCache().getAccountByHomeId(homeAccountId);
    if (!account) throw reauth(undefined, { reason: "no account in the token cache" });
    const result = await cca.acquireTokenSilent({ account, scopes: [...scopes], forceRefresh: options.forceRefresh ?? false });
    if (!result?.accessToken) throw reauth(undefined, { reason: "empty token response" });
    return result.accessToken;
  } catch (e) {
    throw toAppError(e, "user token");
  }
}

/** An app-only token (client credentials) for Microsoft Graph or Azure Resource Manager. */
export async function getAppAccessToken(resource: AppResource): Promise<string> {
  try {
    const result = await getAppClient().acquireTokenByClientCredential({ scopes: [APP_SCOPES[resource]] });
    if (!result?.accessToken) throw new AppError("upstream", "Microsoft Entra ID returned no token.");
    return result.accessToken;
  } catch (e) {
    throw toAppError(e, `app token (${resource})`);
  }
}

/** Forgets every token of the account (sign-out). */
export async function removeUserTokens(homeAccountId: string, options: { db?: Db } = {}): Promise<void> {
  await deleteSerializedCache(homeAccountId, options.db ?? defaultDb);
}
