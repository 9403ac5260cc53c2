import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { describeMinutes } from "@/lib/entra/iso-duration";
import { appDeps } from "@/lib/requests/deps";
import { listMyRequests } from "@/lib/requests/list-my-requests";
import type { RequestView } from "@/lib/requests/records";
import { terminalStates } from "@/lib/requests/state-machine";
import { ButtonLink } from "../components/button";
import { Card } from "../components/card";
import { Countdown } from "../components/countdown";
import { LocalTime } from "../components/local-time";
import { PageHeader } from "../components/page-header";
import { StatusBadge } from "../components/status-badge";

export const metadata: Metadata = { title: "My requests" };

const HISTORY_PAGE = 20;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function ActiveCard({ request, renderedAt }: { request: RequestView; renderedAt: Date }) {
  return (
    <Link
      href={`/requests/${request.id}`}
      className="block rounded-lg border border-emerald-300 bg-emerald-50 p-5 text-emerald-950 no-underline shadow-sm transition-colors hover:border-emerald-400 hover:no-underline"
      data-testid="current-elevation"
      data-request-id={request.id}
    >
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm font-medium text-emerald-800">Active now · #{request.number}</p>
          <p className="mt-1 text-xl font-semibold">{request.target.displayName}</p>
          {request.expiresAt && (
            <p className="mt-1 text-sm">
              until <LocalTime value={request.expiresAt} />
            </p>
          )}
        </div>
        {request.expiresAt && (
          <div className="text-right">
            <p className="text-3xl font-semibold">
              <Countdown until={request.expiresAt} renderedAt={renderedAt} doneText="ending…" data-testid="current-remaining" />
            </p>
            <p className="text-sm text-emerald-800">remaining</p>
          </div>
        )}
      </div>
      <p className="mt-3 text-sm font-medium text-emerald-900 underline underline-offset-2">Commands to use it and end it early →</p>
    </Link>
  );
}

function RequestRow({ request }: { request: RequestView }) {
  return (
    <tr className="hover:bg-slate-50" data-testid="request-row" data-request-id={request.id} data-status={request.status}>
      <td className="px-5 py-3 whitespace-nowrap">
        <Link href={`/requests/${request.id}`} className="font-medium">
          #{request.number}
        </Link>
      </td>
      <td className="px-5 py-3">
        <StatusBadge status={request.status} />
      </td>
      <td className="px-5 py-3 text-slate-900">{request.target.displayName}</td>
      <td className="px-5 py-3 whitespace-nowrap text-slate-700">{describeMinutes(request.durationMinutes)}</td>
      <td className="px-5 py-3 whitespace-nowrap text-slate-700">
        <LocalTime value={request.submittedAt} />
      </td>
    </tr>
  );
}

function RequestTable({ requests, caption, testId }: { requests: RequestView[]; caption: string; testId: string }) {
  return (
    <div className="-mx-5 -my-4 overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-5 py-2">Request</th>
            <th scope="col" className="px-5 py-2">Status</th>
            <th scope="col" className="px-5 py-2">Access</th>
            <th scope="col" className="px-5 py-2">Duration</th>
            <th scope="col" className="px-5 py-2">Submitted</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {requests.map((r) => (
            <RequestRow key={r.id} request={r} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function MyRequestsPage({ searchParams }: Props) {
  const user = await requireUser("/requests");
  const before = (await searchParams).before;
  const cursor = typeof before === "string" && /^\d{1,19}$/.test(before) ? before : undefined;
  const deps = appDeps();
  const [active, open, history] = await Promise.all([
    listMyRequests(deps, { user, status: ["active"], limit: 10 }),
    listMyRequests(deps, { user, status: ["submitted", "pending_approval", "approved"], limit: 50 }),
    listMyRequests(deps, { user, status: [...terminalStates], limit: HISTORY_PAGE, before: cursor }),
  ]);
  const now = new Date();
  const isEmpty = active.items.length === 0 && open.items.length === 0 && history.items.length === 0 && !cursor;

  return (
    <>
      <PageHeader
        title="My requests"
        description="Your elevations: what is active now, what waits for approval, and everything before."
        actions={<ButtonLink href="/requests/new">Request access</ButtonLink>}
      />
      {isEmpty ? (
        <Card data-testid="no-requests">
          <div className="space-y-3 py-2">
            <h2 className="text-lg font-semibold text-slate-900">No requests yet</h2>
            <p className="text-slate-600">When you need admin access to a cluster, request it here. Your requests and their history will show up on this page.</p>
            <ButtonLink href="/requests/new">Request access</ButtonLink>
          </div>
        </Card>
      ) : (
        <div className="space-y-6">
          {!cursor && active.items.length > 0 && (
            <section aria-labelledby="current-heading" className="space-y-3">
              <h2 id="current-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
                Current elevation
              </h2>
              {active.items.map((r) => (
                <ActiveCard key={r.id} request={r} renderedAt={now} />
              ))}
            </section>
          )}
          {!cursor && open.items.length > 0 && (
            <Card title="In progress" description="Waiting for approval or for PIM.">
              <RequestTable requests={open.items} caption="Requests in progress" testId="pending-requests" />
            </Card>
          )}
          <Card
            title="History"
            footer={
              history.nextCursor || cursor ? (
                <div className="flex w-full items-center justify-between text-sm">
                  {cursor ? <Link href="/requests">← Newest</Link> : <span />}
                  {history.nextCursor && (
                    <Link href={`/requests?before=${history.nextCursor}`} data-testid="history-older">
                      Older →
                    </Link>
                  )}
                </div>
              ) : undefined
            }
          >
            {history.items.length === 0 ? (
              <p className="text-sm text-slate-500">No finished requests{cursor ? " before these" : " yet"}.</p>
            ) : (
              <RequestTable requests={history.items} caption="Finished requests" testId="history-requests" />
            )}
          </Card>
        </div>
      )}
    </>
  );
}
