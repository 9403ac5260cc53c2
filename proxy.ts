/**
 * Next.js 16 proxy (formerly middleware): runs before every page and route handler. It adds the security
 * headers (lib/security/headers.ts) with a fresh CSP nonce per response, and passes the nonce on in the
 * request's Content-Security-Policy header, where Next.js picks it up for the scripts it renders.
 */
import { NextResponse, type NextRequest } from "next/server";
import { loadEnv } from "@/lib/env";
import { newNonce, securityHeaders } from "@/lib/security/headers";

export function proxy(request: NextRequest): NextResponse {
  const env = loadEnv();
  const nonce = newNonce();
  const headers = securityHeaders({ nonce, appUrl: env.APP_URL, authorityHost: env.AZURE_AUTHORITY_HOST, isDevelopment: env.NODE_ENV === "development" });
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but build assets (immutable files; next.config.mjs gives them the static headers).
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|favicon\\.svg).*)"],
};
