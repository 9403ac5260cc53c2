import type { Metadata } from "next";
import Link from "next/link";
import { requireAuditor } from "@/lib/auth/require-auditor";
import { db } from "@/lib/db/client";
import { decodeCursor } from "@/lib/history/cursor";
import { filtersToParams, parseHistoryFilters } from "@/lib/history/filters";
import { HISTORY_PAGE_SIZE, queryHistory } from "@/lib/history/query";
import { listHistoryTargets } from "@/lib/history/targets";
import { Alert } from "../components/alert";
import { buttonClasses } from "../components/button";
import { Card } from "../components/card";
import { PageHeader } from "../components/page-header";
import { FilterForm, valuesFrom } from "./filter-form";
import { HistoryTable } from "./history-table";

export const metadata: Metadata = { title: "History" };

type SearchParams = Record<string, string | string[] | undefined>;

const firstValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function HistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAuditor("/history");
  const raw = await searchParams;
  const parsed = parseHistoryFilters(raw);
  const cursor = firstValue(raw.cursor);
  const isCursorValid = !cursor || decodeCursor(cursor) !== null;
  const targets = await listHistoryTargets(db);
  const filters = parsed.ok ? parsed.filters : null;
  const errors = parsed.ok ? {} : parsed.errors;
  const page = filters && isCursorValid ? await queryHistory(db, filters, { cursor }) : null;
  const query = filters ? filtersToParams(filters) : null;
  const withParams = (path: string, extra: Record<string, string>) => {
    const p = new URLSearchParams(query ?? undefined);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `${path}?${p.toString()}`;
  };

  return (
    <>
      <PageHeader
        title="Request history"
        description="Every request, with who decided and the full audit trail. Times are shown in your time zone; date filters are whole days in UTC."
        actions={
          <>
            <Link href="/dashboard" className={buttonClasses("secondary")}>
              Dashboard
            </Link>
            <Link href="/audit" className={buttonClasses("secondary")}>
              Verify audit log
            </Link>
          </>
        }
      />
      <div className="space-y-6">
        <Card title="Filters">
          {!parsed.ok && (
            <div className="mb-4">
              <Alert tone="danger" title="Some filters are not valid" data-testid="filter-errors">
                Correct the highlighted fields; nothing was searched.
              </Alert>
            </div>
          )}
          <FilterForm values={valuesFrom(filters, raw)} errors={errors} targets={targets} />
        </Card>

        {!isCursorValid && (
          <Alert tone="warning" title="This page link is not valid" data-testid="cursor-error">
            <Link href={query ? `/history?${query.toString()}` : "/history"}>Start again from the first page</Link>.
          </Alert>
        )}

        {page && (
          <Card
            title={cursor ? "Matching requests (continued)" : "Matching requests"}
            description={`${HISTORY_PAGE_SIZE} per page, ${filters?.sort === "asc" ? "oldest" : "newest"} first.`}
            actions={
              <>
                <a href={withParams("/history/export", { format: "csv" })} className={buttonClasses("secondary", "sm")} data-testid="export-csv">
                  Export CSV
                </a>
                <a href={withParams("/history/export", { format: "jsonl" })} className={buttonClasses("secondary", "sm")} data-testid="export-jsonl">
                  Export JSON Lines
                </a>
              </>
            }
            footer={
              (cursor || page.nextCursor) && (
                <nav aria-label="Pages" className="flex w-full items-center justify-between gap-3">
                  {cursor ? (
                    <Link href={query?.size ? `/history?${query.toString()}` : "/history"} className={buttonClasses("ghost", "sm")}>
                      ← First page
                    </Link>
                  ) : (
                    <span />
                  )}
                  {page.nextCursor && (
                    <Link href={withParams("/history", { cursor: page.nextCursor })} className={buttonClasses("secondary", "sm")} data-testid="next-page">
                      Next page →
                    </Link>
                  )}
                </nav>
              )
            }
          >
            {page.rows.length === 0 ? (
              <p className="text-sm text-slate-500" data-testid="history-empty">
                No request matches these filters.
              </p>
            ) : (
              <HistoryTable rows={page.rows} />
            )}
          </Card>
        )}
      </div>
    </>
  );
}
