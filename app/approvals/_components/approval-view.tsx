import type { ReactNode } from "react";
import type { RequestView } from "@/lib/requests/records";
import { Card } from "../../components/card";
import { Countdown } from "../../components/countdown";
import { DecisionList } from "../../components/decision-list";
import { LocalTime } from "../../components/local-time";
import { PageHeader } from "../../components/page-header";
import { RequestFacts } from "../../components/request-facts";
import { StatusBadge } from "../../components/status-badge";

/**
 * What an approver reads before deciding — the same for the emailed link and the inbox: the request, the time
 * left in PIM's approval window, decisions so far with the quorum, and (as `children`) the decision form or
 * the reason there is none.
 */
export function ApprovalView({ request, decideBy, renderedAt, banner, children }: { request: RequestView; decideBy: Date; renderedAt: Date; banner?: ReactNode; children: ReactNode }) {
  const isPending = request.status === "pending_approval";
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span data-testid="approval-title">
              {request.requester.displayName} asks for {request.target.displayName}
            </span>
            <StatusBadge status={request.status} />
          </span>
        }
        description={`Request #${request.number} · ${request.requester.upn}`}
      />
      <div className="space-y-6">
        {banner}
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="min-w-0 space-y-6">
            <Card title="The request">
              <RequestFacts request={request} />
            </Card>
            <Card title="Your decision">{children}</Card>
          </div>
          <div className="space-y-6">
            {isPending && (
              <Card title="Time to decide">
                <p className="text-sm text-slate-700">
                  <strong className="text-xl font-semibold text-slate-900">
                    <Countdown until={decideBy} renderedAt={renderedAt} doneText="closed" data-testid="decide-by-remaining" />
                  </strong>{" "}
                  left in PIM&apos;s approval window
                </p>
                <p className="mt-1 text-sm text-slate-500">
                  Closes <LocalTime value={decideBy} />. After that PIM drops the request.
                </p>
              </Card>
            )}
            <Card title="Decisions so far">
              <DecisionList request={request} />
            </Card>
          </div>
        </div>
      </div>
    </>
  );
}
