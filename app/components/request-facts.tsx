import type { ReactNode } from "react";
import { describeMinutes } from "@/lib/entra/iso-duration";
import type { RequestView } from "@/lib/requests/records";
import { parseClusterResourceId } from "@/lib/targets";
import { LocalTime } from "./local-time";

function Fact({ label, children, testId, wide = false }: { label: string; children: ReactNode; testId: string; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2" : ""}>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** The facts of a request as requester and approvers see them: who, what, how long, why. */
export function RequestFacts({ request, showRequester = true }: { request: RequestView; showRequester?: boolean }) {
  const cluster = parseClusterResourceId(request.target.clusterResourceId);
  return (
    <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2" data-testid="request-facts">
      {showRequester && (
        <Fact label="Requester" testId="fact-requester">
          {request.requester.displayName} <span className="text-slate-500">({request.requester.upn})</span>
        </Fact>
      )}
      <Fact label="Access" testId="fact-target">
        {request.target.displayName}
      </Fact>
      <Fact label="Cluster" testId="fact-cluster">
        <code>{cluster.name}</code> <span className="text-slate-500">in resource group</span> <code>{cluster.resourceGroup}</code>
      </Fact>
      <Fact label="Duration" testId="fact-duration">
        {describeMinutes(request.durationMinutes)}
      </Fact>
      <Fact label="Submitted" testId="fact-submitted">
        <LocalTime value={request.submittedAt} />
      </Fact>
      <Fact label="Ticket" testId="fact-ticket">
        {request.ticketNumber ? (
          `${request.ticketNumber}${request.ticketSystem ? ` (${request.ticketSystem})` : ""}`
        ) : (
          <span className="text-slate-500">none</span>
        )}
      </Fact>
      <Fact label="Justification" testId="fact-justification" wide>
        <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 whitespace-pre-wrap">{request.justification}</p>
      </Fact>
    </dl>
  );
}
