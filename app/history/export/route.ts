import type { NextRequest } from "next/server";
import { requireAuditor } from "@/lib/auth/require-auditor";
import { requestMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db/client";
import { exportFormats, exportHistory, type ExportFormat } from "@/lib/history/export";
import { parseHistoryFilters } from "@/lib/history/filters";
import { log } from "@/lib/log";
import { clientIp } from "@/lib/security/client-ip";
import { checkRateLimits } from "@/lib/security/rate-limit";
import { rateLimits } from "@/lib/security/rate-limit-policies";
import { tooManyRequestsResponse } from "@/lib/security/too-many-requests";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /history/export?format=csv|jsonl&<history filters> → every matching request, streamed as a download.
 * Auditors only (everyone else: 404). Bad filters: 400 with a message per field, nothing exported or audited.
 * Rate limited per auditor and per address (lib/security/rate-limit-policies.ts): 429 page with Retry-After.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const auditor = await requireAuditor("/history");
  const params = request.nextUrl.searchParams;
  const format = params.get("format") ?? "csv";
  if (!(exportFormats as readonly string[]).includes(format)) {
    return Response.json({ error: "Unknown export format.", fields: { format: `Use one of: ${exportFormats.join(", ")}` } }, { status: 400 });
  }
  const parsed = parseHistoryFilters(params);
  if (!parsed.ok) return Response.json({ error: "Some filters are not valid.", fields: parsed.errors }, { status: 400 });

  const refusal = await checkRateLimits(rateLimits.exportHistory(auditor.id, clientIp(request.headers)));
  if (refusal) {
    log.warn("export rate limited", { userId: auditor.id, limits: refusal.keys });
    return tooManyRequestsResponse(refusal.message, refusal.retryAfterSeconds);
  }

  const out = exportHistory(
    { db, now: () => new Date() },
    { auditor, filters: parsed.filters, format: format as ExportFormat, meta: requestMeta(request.headers) },
  );
  return new Response(out.body, {
    headers: {
      "Content-Type": out.contentType,
      "Content-Disposition": `attachment; filename="${out.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
