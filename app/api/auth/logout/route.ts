import { NextResponse, type NextRequest } from "next/server";
import { destroySession } from "@/lib/auth/session";
import { loadEnv } from "@/lib/env";
import { authorityFor } from "@/lib/entra/msal";
import { removeUserTokens } from "@/lib/entra/tokens";
import { log } from "@/lib/log";
import { isSameOriginRequest } from "@/lib/security/origin";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST /api/auth/logout → ends our session, deletes the account's token cache, then 303 to Entra's logout so the
 * Microsoft session ends too and Entra sends the browser to /auth/signed-out.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const env = loadEnv();
  // A cross-site form post could sign people out: only our own pages may (Origin / Sec-Fetch-Site).
  if (!isSameOriginRequest(request.headers, env.APP_URL)) {
    return NextResponse.json({ error: "cross-origin sign-out refused" }, { status: 403 });
  }
  const ended = await destroySession();
  if (ended) {
    await removeUserTokens(ended.homeAccountId);
    log.info("user signed out", { userId: ended.userId });
  }
  const logout = new URL(`${authorityFor(env)}/oauth2/v2.0/logout`);
  logout.searchParams.set("post_logout_redirect_uri", `${env.APP_URL}/auth/signed-out`);
  return NextResponse.redirect(logout, { status: 303, headers: { "Cache-Control": "no-store" } });
}
