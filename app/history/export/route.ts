import type { NextRequest } from "next/server";
import { requireAuditor } from "@/lib/auth/require-auditor";
import { requestMeta } from "@/lib/auth/request-meta";
import { db } from "@/lib/db/client";
import { exportFormats, exportHistory, type ExportFormat } from "@/lib/history/export";
import { parseHistoryFilters } from "@/lib/history/filters";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /history/export?format=csv|jsonl&<history filters> → every matching request, streamed as a download.
 * Auditors only (everyone else: 404). Bad filters: 400 with a message per field, nothing exported or audited.
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
