import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { describeMinutes } from "@/lib/entra/iso-duration";
import { appDeps } from "@/lib/requests/deps";
import { listApproverInbox, type DecidedRequest, type InboxRequest } from "@/lib/requests/list-approver-inbox";
import { Card } from "../components/card";
import { Countdown } from "../components/countdown";
import { LocalTime } from "../components/local-time";
import { PageHeader } from "../components/page-header";
import { StatusBadge } from "../components/status-badge";

export const metadata: Metadata = { title: "Approvals" };

function WaitingRow({ item, renderedAt }: { item: InboxRequest; renderedAt: Date }) {
  return (
    <li data-testid="inbox-row" data-request-id={item.requestId}>
      <Link
        href={`/approvals/${item.requestId}`}
        className="block px-5 py-4 text-slate-900 no-underline transition-colors hover:bg-slate-50 hover:no-underline focus-visible:bg-slate-50"
      >
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <p className="font-semibold">
              {item.requester.name} <span className="font-normal text-slate-500">asks for</span> {item.targetName}
            </p>
            <p className="mt-0.5 text-sm text-slate-600">
              #{item.number} · {describeMinutes(item.durationMinutes)} · submitted <LocalTime value={item.submittedAt} />
              {item.ticketNumber && <> · ticket {item.ticketNumber}</>}
            </p>
            <p className="mt-1.5 line-clamp-2 text-sm text-slate-700">“{item.justification}”</p>
          </div>
          <div className="shrink-0 text-right text-sm">
            <p className="font-semibold text-amber-800">
              <Countdown until={item.decideBy} renderedAt={renderedAt} doneText="closed" data-testid="inbox-time-left" /> left
            </p>
            {item.quorum > 1 && (
              <p className="text-slate-500">
                {item.approvals} of {item.quorum} approvals
              </p>
            )}
          </div>
        </div>
      </Link>
    </li>
  );
}

function DecidedRow({ item }: { item: DecidedRequest }) {
  const approved = item.myDecision.kind === "approve";
  return (
    <tr className="hover:bg-slate-50" data-testid="decided-row" data-request-id={item.requestId} data-kind={item.myDecision.kind}>
      <td className="px-5 py-3 whitespace-nowrap">
        <Link href={`/approvals/${item.requestId}`} className="font-medium">
          #{item.number}
        </Link>
      </td>
      <td className="px-5 py-3">
        {item.requester.name}
        <span className="block text-xs text-slate-500">{item.targetName}</span>
      </td>
      <td className="px-5 py-3">
        <span className={`font-medium ${approved ? "text-emerald-700" : "text-red-700"}`}>{approved ? "Approved" : "Denied"}</span>
        <span className="block max-w-xs truncate text-xs text-slate-500" title={item.myDecision.reason}>
          “{item.myDecision.reason}”
        </span>
      </td>
      <td className="px-5 py-3 whitespace-nowrap text-slate-700">
        <LocalTime value={item.myDecision.at} />
      </td>
      <td className="px-5 py-3">
        <StatusBadge status={item.status} />
      </td>
    </tr>
  );
}

export default async function ApprovalsPage() {
  const user = await requireUser("/approvals");
  const { waiting, decided } = await listApproverInbox(appDeps(), { user });
  const now = new Date();

  return (
    <>
      <PageHeader
        title="Approvals"
        description="Requests routed to you as an approver. Oldest first: PIM drops a request that nobody decides within 24 hours."
      />
      <div className="space-y-6">
        <Card
          title={
            <span className="flex items-center gap-2">
              Waiting for you
              <span className="rounded-full bg-slate-100 px-2 text-sm font-medium text-slate-700" data-testid="waiting-count">
                {waiting.length}
              </span>
            </span>
          }
        >
          {waiting.length === 0 ? (
            <p className="text-sm text-slate-500" data-testid="inbox-empty">
              Nothing is waiting for your decision.
            </p>
          ) : (
            <ul className="-mx-5 -my-4 divide-y divide-slate-200" data-testid="inbox-waiting">
              {waiting.map((item) => (
                <WaitingRow key={item.requestId} item={item} renderedAt={now} />
              ))}
            </ul>
          )}
        </Card>
        <Card title="Decided by you">
          {decided.length === 0 ? (
            <p className="text-sm text-slate-500">You have not decided on any request yet.</p>
          ) : (
            <div className="-mx-5 -my-4 overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="inbox-decided">
                <caption className="sr-only">Requests you decided</caption>
                <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
                  <tr>
                    <th scope="col" className="px-5 py-2">Request</th>
                    <th scope="col" className="px-5 py-2">Requester</th>
                    <th scope="col" className="px-5 py-2">Your decision</th>
                    <th scope="col" className="px-5 py-2">When</th>
                    <th scope="col" className="px-5 py-2">Now</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {decided.map((item) => (
                    <DecidedRow key={item.requestId} item={item} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
