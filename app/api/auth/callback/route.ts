import { NextResponse, type NextRequest } from "next/server";
import { loadEnv } from "@/lib/env";
import { requestMeta } from "@/lib/auth/request-meta";
import { SignInFailure, completeSignIn } from "@/lib/auth/sign-in";
import { log } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function redirectTo(path: string, request: NextRequest): Response {
  let base = request.url;
  try {
    base = loadEnv().APP_URL;
  } catch {
    // configuration is broken; the request's own origin still gets the browser to the error page
  }
  return NextResponse.redirect(new URL(path, base), { status: 303, headers: { "Cache-Control": "no-store" } });
}

/** GET /api/auth/callback?code=…&state=… (or ?error=…) → the page the user came for, or /auth/error. */
export async function GET(request: NextRequest): Promise<Response> {
  try {
    const { redirectTo: target } = await completeSignIn({ query: request.nextUrl.searchParams, meta: requestMeta(request.headers) });
    return redirectTo(target, request);
  } catch (error) {
    const failure = error instanceof SignInFailure ? error : new SignInFailure("sign_in_failed", undefined, { cause: error });
    log.warn("sign-in failed", { code: failure.code, correlationId: failure.correlationId, error: failure.cause ?? failure });
    const params = new URLSearchParams({ code: failure.code });
    if (failure.correlationId) params.set("correlationId", failure.correlationId);
    return redirectTo(`/auth/error?${params.toString()}`, request);
  }
}
