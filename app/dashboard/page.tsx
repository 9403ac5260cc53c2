import type { Metadata } from "next";
import Link from "next/link";
import { requireAuditor } from "@/lib/auth/require-auditor";
import { waitTimes } from "@/lib/dashboard/durations";
import { listElevatedNow } from "@/lib/dashboard/elevated-now";
import { parsePeriod, periods } from "@/lib/dashboard/period";
import { requestsPerDay } from "@/lib/dashboard/requests-per-day";
import { db } from "@/lib/db/client";
import { Alert } from "../components/alert";
import { Card } from "../components/card";
import { Countdown } from "../components/countdown";
import { LocalTime } from "../components/local-time";
import { PageHeader } from "../components/page-header";
import { describeSeconds } from "./chart-scale";
import { RequestsChart, RequestsTable } from "./requests-chart";
import { WaitChart } from "./wait-chart";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAuditor("/dashboard");
  const parsed = parsePeriod((await searchParams).period);
  const period = parsed.ok ? parsed.period : 30;
  const now = new Date();
  const [elevated, days, waits] = await Promise.all([listElevatedNow(db), requestsPerDay(db, now, 30), waitTimes(db, now, period)]);

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Who holds elevated access now, how many requests come in, and how long people wait."
        actions={<Link href="/history">History →</Link>}
      />
      <div className="space-y-6">
        <Card title="Elevated right now" description="Requests PIM has activated and not yet ended.">
          {elevated.length === 0 ? (
            <p className="text-sm text-slate-500" data-testid="elevated-empty">
              Nobody holds an elevation right now.
            </p>
          ) : (
            <div className="-mx-5 -my-4 overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="elevated-table">
                <caption className="sr-only">People with active elevations</caption>
                <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
                  <tr>
                    <th scope="col" className="px-4 py-2">Who</th>
                    <th scope="col" className="px-4 py-2">Target</th>
                    <th scope="col" className="px-4 py-2">Since</th>
                    <th scope="col" className="px-4 py-2">Until</th>
                    <th scope="col" className="px-4 py-2">Left</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {elevated.map((e) => (
                    <tr key={e.requestId} data-testid="elevated-row">
                      <td className="px-4 py-3">
                        <Link href={`/history/${e.requestId}`}>{e.requester.displayName}</Link>
                        <span className="block text-xs text-slate-500">{e.requester.upn}</span>
                      </td>
                      <td className="px-4 py-3">{e.target.displayName}</td>
                      <td className="px-4 py-3 whitespace-nowrap">{e.activatedAt ? <LocalTime value={e.activatedAt} /> : "—"}</td>
                      <td className="px-4 py-3 whitespace-nowrap">{e.expiresAt ? <LocalTime value={e.expiresAt} /> : "no end recorded"}</td>
                      <td className="px-4 py-3 whitespace-nowrap">
                        {e.expiresAt && e.expiresAt > now ? (
                          <Countdown until={e.expiresAt} renderedAt={now} doneText="ending" />
                        ) : e.expiresAt ? (
                          // PIM has ended it; the worker records that at its next sync.
                          <span className="text-amber-700">ended, awaiting sync</span>
                        ) : (
                          "—"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <Card title="Requests per day" description="The last 30 days by the day they were submitted (UTC), by outcome so far.">
          <div className="space-y-3">
            <RequestsChart days={days} />
            <RequestsTable days={days} />
          </div>
        </Card>

        <Card
          title="Waiting times"
          description={`Requests submitted in the last ${period} days: from submission to the deciding approval or deny, and to active access.`}
          actions={
            <nav aria-label="Period" className="flex gap-1">
              {periods.map((p) => (
                <Link
                  key={p}
                  href={`/dashboard?period=${p}`}
                  aria-current={p === period ? "page" : undefined}
                  className={`rounded-md px-2.5 py-1 text-sm no-underline hover:no-underline ${p === period ? "bg-brand-50 font-medium text-brand-800" : "text-slate-600 hover:bg-slate-100"}`}
                >
                  {p} days
                </Link>
              ))}
            </nav>
          }
        >
          {!parsed.ok && (
            <div className="mb-4">
              <Alert tone="warning" title="Unknown period" data-testid="period-error">
                {parsed.message}; showing 30 days.
              </Alert>
            </div>
          )}
          <WaitChart waits={waits} />
          <p className="mt-3 text-xs text-slate-500" data-testid="wait-summary">
            Decided: {waits.decision.count.toLocaleString("en")} requests (median {describeSeconds(waits.decision.p50)}, p90{" "}
            {describeSeconds(waits.decision.p90)}). Activated: {waits.activation.count.toLocaleString("en")} (median{" "}
            {describeSeconds(waits.activation.p50)}, p90 {describeSeconds(waits.activation.p90)}).
          </p>
        </Card>
      </div>
    </>
  );
}
