/**
 * `/{tenant}/oauth2/v2.0/authorize` (entra-graph-api.md §12.3). GET shows the account picker; picking an
 * account POSTs the same parameters plus `login_upn` back here, which signs the user in and redirects
 * to the app with a code. Errors before the redirect URI is trusted (unknown app, unregistered redirect
 * URI, unknown tenant) are shown as an error page — Entra never redirects to an unverified URI.
 */
import { AadError, type Ctx, type DirectoryUser, type HttpResult } from "../core/types";
import { requestedAcrs } from "./claims-request";
import { aadTimestamp } from "../core/wire";
import { errorPage, formPostPage, signInPage } from "./pages";
import { matchesRegisteredUri, withParams } from "./redirect-uri";
import { grantedDelegatedScopes, parseScopes } from "./scopes";
import { sessionFromCookie, sessionCookie, startSession } from "./sessions";
import { signInUsers } from "./sign-in-users";
import { codeLifetimeMs, findApplication, identitySlice, opaqueToken, type IdentitySlice } from "./state";
import { isOurTenant } from "./tenant";

type ResponseMode = "query" | "fragment" | "form_post";

export function authorizeGet(ctx: Ctx): HttpResult {
  return authorize(ctx, ctx.query, null);
}

export async function authorizePost(ctx: Ctx): Promise<HttpResult> {
  const form = await ctx.form();
  const upn = form.get("login_upn");
  form.delete("login_upn");
  return authorize(ctx, form, upn);
}

function authorize(ctx: Ctx, params: URLSearchParams, chosenUpn: string | null): HttpResult {
  const slice = identitySlice(ctx.services);
  const page = (aadsts: number, error: string, message: string): HttpResult => ({
    status: 400,
    html: errorPage({ aadsts, error, message, requestId: ctx.requestId, correlationId: ctx.clientRequestId, timestamp: aadTimestamp(ctx.services.clock.now()) }),
  });
  if (!isOurTenant(ctx)) return page(90002, "invalid_request", `Tenant '${ctx.params.tenant ?? ""}' not found.`);
  const clientId = params.get("client_id");
  const app = findApplication(slice, clientId);
  if (!app) return page(700016, "unauthorized_client", `Application with identifier '${clientId ?? ""}' was not found in the directory '${slice.tenant.displayName}'.`);
  const redirectUri = params.get("redirect_uri") ?? "";
  if (!matchesRegisteredUri(redirectUri, app.redirectUris)) {
    return page(50011, "invalid_request", `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`);
  }

  const requestedMode = params.get("response_mode") ?? "query";
  const mode: ResponseMode = requestedMode === "form_post" || requestedMode === "fragment" ? requestedMode : "query";
  const state = params.get("state");
  const back = (fields: Record<string, string>, headers: Record<string, string> = {}): HttpResult => {
    const all = { ...fields, ...(state !== null ? { state } : {}) };
    if (mode === "form_post") return { status: 200, html: formPostPage(redirectUri, all), headers };
    return { status: 302, redirect: withParams(redirectUri, all, mode), headers };
  };
  const backError = (error: string, aadsts: number, message: string): HttpResult =>
    back({
      error,
      error_description: `AADSTS${aadsts}: ${message} Trace ID: ${ctx.requestId} Correlation ID: ${ctx.clientRequestId} Timestamp: ${aadTimestamp(ctx.services.clock.now())}`,
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    });

  if (params.get("response_type") !== "code") {
    return backError("unsupported_response_type", 700054, `response_type '${params.get("response_type") ?? ""}' is not enabled for the application.`);
  }
  const challenge = params.get("code_challenge");
  const method = params.get("code_challenge_method") ?? (challenge ? "plain" : null);
  if (method !== null && method !== "S256" && method !== "plain") {
    return backError("invalid_request", 501471, `Unsupported code_challenge_method '${method}'. Use 'S256' or 'plain'.`);
  }
  try {
    grantedDelegatedScopes(app, parseScopes(params.get("scope")));
  } catch (err) {
    if (!(err instanceof AadError)) throw err;
    return backError(err.aadsts === 65001 ? "consent_required" : err.error, err.aadsts, err.message);
  }
  const acrs = requestedAcrs(params.get("claims"));
  const issueCode = (user: DirectoryUser, sessionId: string, headers: Record<string, string> = {}): HttpResult => {
    const code = opaqueToken("1.AQ");
    const nowMs = ctx.services.clock.nowMs();
    slice.codes[code] = {
      clientId: app.appId,
      redirectUri,
      userId: user.id,
      scope: params.get("scope") ?? "",
      nonce: params.get("nonce"),
      codeChallenge: challenge,
      codeChallengeMethod: challenge ? (method) : null,
      issuedAtMs: nowMs,
      expiresAtMs: nowMs + codeLifetimeMs,
      redeemed: false,
      amr: user.mfaRegistered ? ["pwd", "mfa"] : ["pwd"],
      acrs,
      sessionId,
    };
    ctx.services.changed();
    return back({ code, session_state: sessionId }, headers);
  };

  const prompt = params.get("prompt");
  if (prompt === "none" && !chosenUpn) {
    const session = sessionFromCookie(ctx, slice);
    const user = session ? ctx.services.directory.getUser(session.userId) : undefined;
    const hint = params.get("login_hint")?.toLowerCase();
    if (!session || !user || !user.accountEnabled || (hint && hint !== user.userPrincipalName.toLowerCase())) {
      return backError("login_required", 50058, "A silent sign-in request was sent but no user is signed in.");
    }
    return issueCode(user, session.id);
  }

  if (chosenUpn) {
    const user = ctx.services.directory.getUser(chosenUpn);
    if (!user || !slice.signInUserIds.includes(user.id)) return renderPicker(ctx, slice, params, app.displayName, `No account '${chosenUpn}' in this tenant.`);
    if (!user.accountEnabled) return page(50057, "invalid_grant", "The user account is disabled.");
    const session = startSession(slice, user.id, ctx.services.clock.nowMs());
    return issueCode(user, session.id, { "Set-Cookie": sessionCookie(session.id) });
  }
  return renderPicker(ctx, slice, params, app.displayName);
}

function renderPicker(ctx: Ctx, slice: IdentitySlice, params: URLSearchParams, appName: string, error?: string): HttpResult {
  return {
    status: 200,
    html: signInPage({
      tenantName: slice.tenant.displayName,
      appName,
      action: ctx.path,
      hidden: [...params.entries()],
      users: signInUsers(slice, ctx.services.directory, params.get("login_hint")),
      ...(error ? { error } : {}),
    }),
  };
}
