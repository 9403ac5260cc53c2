// Readiness: database, an app-only Entra token, outbox delay (lib/observability/readiness.ts). Liveness is /api/health/live.
import { db } from "@/lib/db/client";
import { getAppAccessToken } from "@/lib/entra/tokens";
import { withRequestContext } from "@/lib/observability/request-context";
import { checkReadiness } from "@/lib/observability/readiness";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withRequestContext(async (_request: Request) => {
  const { httpStatus, report } = await checkReadiness({ db, getToken: () => getAppAccessToken("graph") });
  return Response.json(report, { status: httpStatus, headers: { "Cache-Control": "no-store" } });
});
