import { NextResponse, type NextRequest } from "next/server";
import { beginSignIn } from "@/lib/auth/sign-in";
import { log } from "@/lib/log";
import { clientIp } from "@/lib/security/client-ip";
import { checkRateLimit } from "@/lib/security/rate-limit";
import { rateLimits } from "@/lib/security/rate-limit-policies";
import { tooManyRequestsResponse } from "@/lib/security/too-many-requests";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/auth/login?returnTo=/path → 302 to Microsoft Entra ID's authorize endpoint (429 when rate limited). */
export async function GET(request: NextRequest): Promise<Response> {
  try {
    const [rule] = rateLimits.signIn(clientIp(request.headers));
    const limit = await checkRateLimit(rule!.key, rule!.limit, rule!.windowSec);
    if (!limit.isAllowed) {
      log.warn("sign-in rate limited", { bucket: rule!.key, count: limit.count }); // not "key": lib/log redacts that name
      return tooManyRequestsResponse(rule!.message, limit.retryAfterSeconds);
    }
    const authorizeUrl = await beginSignIn({ returnTo: request.nextUrl.searchParams.get("returnTo") });
    return NextResponse.redirect(authorizeUrl, { status: 302, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    log.error("could not start sign-in", { error });
    return NextResponse.redirect(new URL("/auth/error?code=entra_unreachable", request.url), 303);
  }
}
