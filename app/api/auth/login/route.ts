import { NextResponse, type NextRequest } from "next/server";
import { beginSignIn } from "@/lib/auth/sign-in";
import { log } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/auth/login?returnTo=/path → 302 to Microsoft Entra ID's authorize endpoint. */
export async function GET(request: NextRequest): Promise<Response> {
  try {
    const authorizeUrl = await beginSignIn({ returnTo: request.nextUrl.searchParams.get("returnTo") });
    return NextResponse.redirect(authorizeUrl, { status: 302, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    log.error("could not start sign-in", { error });
    return NextResponse.redirect(new URL("/auth/error?code=entra_unreachable", request.url), 303);
  }
}
