import { createPrismaClient } from "@/lib/db/client";
import { queryHistory } from "@/lib/history/query";
import { parseHistoryFilters } from "@/lib/history/filters";
const db = createPrismaClient("postgresql://postgres@127.0.0.1:5432/jit_proto", 2);
for (const qs of ["", "status=denied&status=failed", "q=ingress", "requester=aaliyah.andersson@contoso.example", "approver=5eed0000-0000-4000-8002-000000000001", "target=aks-ml-prod&sort=asc", "from=2026-10-01&to=2026-10-01"]) {
  const p = parseHistoryFilters(new URLSearchParams(qs));
  if (!p.ok) { console.log(qs, p.errors); continue; }
  const t0 = performance.now();
  const page = await queryHistory(db, p.filters);
  const t1 = performance.now();
  const page2 = page.nextCursor ? await queryHistory(db, p.filters, { cursor: page.nextCursor }) : undefined;
  console.log(qs || "(none)", page.rows.length, (t1 - t0).toFixed(1), "ms", page.rows[0]?.submittedAt.toISOString(), page.rows[0]?.status, JSON.stringify(page.rows[0]?.decisions), page2?.rows.length, page2?.rows[0]?.submittedAt.toISOString());
}
console.log(parseHistoryFilters(new URLSearchParams("q=ab&from=2026-13-01&status=nope&to=x")));
await db.$disconnect();
