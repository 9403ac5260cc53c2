// Prometheus metrics (lib/metrics/). Open only when METRICS_TOKEN is unset; otherwise `Authorization: Bearer <METRICS_TOKEN>`.
import { db } from "@/lib/db/client";
import { loadEnv } from "@/lib/env";
import { isMetricsScrapeAllowed } from "@/lib/metrics/auth";
import { renderMetrics } from "@/lib/metrics/collect";
import { PROMETHEUS_CONTENT_TYPE } from "@/lib/metrics/registry";
import { withRequestContext } from "@/lib/observability/request-context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withRequestContext(async (request: Request) => {
  if (!isMetricsScrapeAllowed(request.headers.get("authorization"), loadEnv().METRICS_TOKEN)) {
    return new Response("Unauthorized\n", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" } });
  }
  return new Response(await renderMetrics({ db }), { headers: { "Content-Type": PROMETHEUS_CONTENT_TYPE, "Cache-Control": "no-store" } });
});
