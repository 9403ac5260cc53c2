/**
 * `GET /{tenant}/oauth2/v2.0/logout`: ends the emulator browser session, then 302s to
 * `post_logout_redirect_uri` if it is registered on some app (loopback port ignored), else shows a
 * "signed out" page. Entra never redirects to an unregistered URI.
 */
import type { Ctx, HttpResult } from "../core/types";
import { signedOutPage } from "./pages";
import { matchesRegisteredUri, withParams } from "./redirect-uri";
import { clearedSessionCookie, endSession } from "./sessions";
import { identitySlice } from "./state";
import { requireTenant } from "./tenant";

export function logout(ctx: Ctx): HttpResult {
  requireTenant(ctx);
  const slice = identitySlice(ctx.services);
  if (endSession(ctx, slice)) ctx.services.changed();
  const headers = { "Set-Cookie": clearedSessionCookie() };
  const target = ctx.query.get("post_logout_redirect_uri");
  const registered = slice.applications.flatMap((a) => a.postLogoutRedirectUris ?? []);
  if (target && matchesRegisteredUri(target, registered)) {
    const state = ctx.query.get("state");
    return { status: 302, redirect: state ? withParams(target, { state }) : target, headers };
  }
  return { status: 200, html: signedOutPage(), headers };
}
