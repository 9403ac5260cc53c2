import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { csrfToken } from "@/lib/auth/csrf";
import { requireUser } from "@/lib/auth/require-user";
import { appDeps } from "@/lib/requests/deps";
import { getRequestDetails } from "@/lib/requests/get-request-details";
import { earliestDeactivation } from "@/lib/requests/perform-deactivation";
import { isTerminal } from "@/lib/requests/state-machine";
import { Alert } from "../../components/alert";
import { ButtonLink } from "../../components/button";
import { Card } from "../../components/card";
import { DecisionList } from "../../components/decision-list";
import { LocalTime } from "../../components/local-time";
import { PageHeader } from "../../components/page-header";
import { RequestFacts } from "../../components/request-facts";
import { StatusBadge } from "../../components/status-badge";
import { asViewer } from "../_lib/as-viewer";
import { csrfPurpose } from "../_lib/csrf-purposes";
import { requestFingerprint } from "../_lib/fingerprint";
import { AccessInstructions } from "./access-instructions";
import { LiveStatus } from "./live-status";
import { CancelRequestForm, DeactivateForm } from "./request-actions";
import { StatusPanel } from "./status-panel";
import { Timeline } from "./timeline";

export const metadata: Metadata = { title: "Request" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const notices: Record<string, { tone: "info" | "success"; text: string }> = {
  existing: { tone: "info", text: "You already have an open request for this access, so no new one was made. Here it is." },
  canceled: { tone: "success", text: "Your request was canceled. Approvers are told it is no longer needed." },
  deactivated: { tone: "success", text: "Your access has ended. Kubernetes tokens that were already issued keep working until they expire." },
  ended_already: { tone: "info", text: "The access had already ended in PIM." },
  scheduled: { tone: "info", text: "PIM does not allow ending access within 5 minutes of its start, so the app will end it as soon as PIM allows." },
};

export default async function RequestPage({ params, searchParams }: Props) {
  const { id } = await params;
  const notice = (await searchParams).notice;
  const user = await requireUser(`/requests/${id}`);
  const details = await asViewer(user.id, (isAuditor) => getRequestDetails(appDeps(), { user, requestId: id, isAuditor }));
  if (!details) notFound();

  const { request, routedTo, timeline, isRequester } = details;
  const now = new Date();
  const floor = request.status === "active" ? earliestDeactivation(request, now) : null;
  const isInsideFloor = floor !== null && floor.getTime() > now.getTime();
  const noticeLook = typeof notice === "string" ? notices[notice] : undefined;

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span data-testid="request-number">Request #{request.number}</span>
            <StatusBadge status={request.status} />
          </span>
        }
        description={
          <>
            {request.target.displayName}
            {!isRequester && ` · requested by ${request.requester.displayName}`}
          </>
        }
        actions={<LiveStatus requestId={request.id} fingerprint={requestFingerprint(request)} isTerminal={isTerminal(request.status)} />}
      />

      <div className="space-y-6">
        {noticeLook && (
          <Alert tone={noticeLook.tone} data-testid="request-notice">
            {noticeLook.text}
          </Alert>
        )}
        <StatusPanel request={request} routedCount={routedTo.length} renderedAt={now} />

        {/* Phones: one column where what the requester can do comes first (display: contents + order). */}
        <div className="flex flex-col gap-6 lg:grid lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
          <div className="contents min-w-0 lg:block lg:space-y-6">
            {request.status === "active" && isRequester && (
              <Card title="Use the access" description={`Cluster commands for ${request.target.displayName}`} className="order-2">
                <AccessInstructions clusterResourceId={request.target.clusterResourceId} expiresAt={request.expiresAt} />
              </Card>
            )}
            <Card title="Details" className="order-4">
              <RequestFacts request={request} showRequester={!isRequester} />
            </Card>
            <Card title="Activity" description="Everything recorded about this request, in your time zone." className="order-5">
              <Timeline events={timeline} />
            </Card>
          </div>

          <div className="contents lg:block lg:space-y-6">
            {isRequester && request.status === "pending_approval" && (
              <Card title="Changed your mind?" className="order-1">
                <CancelRequestForm requestId={request.id} csrf={csrfToken(user, csrfPurpose.cancel(request.id))} />
              </Card>
            )}
            {isRequester && request.status === "active" && (
              <Card title="Done early?" description="Ending the access removes you from the admin group in PIM." className="order-1">
                {request.deactivateAt ? (
                  <p className="text-sm text-slate-700" data-testid="deactivation-pending">
                    The access will end at <LocalTime value={request.deactivateAt} style="time" /> — as soon as PIM allows it.
                  </p>
                ) : (
                  <DeactivateForm
                    requestId={request.id}
                    csrf={csrfToken(user, csrfPurpose.deactivate(request.id))}
                    scheduledNote={
                      isInsideFloor && floor ? (
                        <>
                          PIM does not allow ending access within 5 minutes of its start. If you end it now, the app ends it at{" "}
                          <LocalTime value={floor} style="time" />.
                        </>
                      ) : null
                    }
                  />
                )}
              </Card>
            )}
            <Card title="Approvals" className="order-3">
              <div className="space-y-4">
                <DecisionList request={request} />
                <div>
                  <h3 className="text-sm font-medium text-slate-800">Sent to</h3>
                  {routedTo.length === 0 ? (
                    <p className="mt-1 text-sm text-slate-500">{request.status === "pending_approval" ? "Approvers are being notified." : "Nobody."}</p>
                  ) : (
                    <ul className="mt-1 space-y-1 text-sm" data-testid="routed-to">
                      {routedTo.map((a) => (
                        <li key={a.id} className="flex items-center justify-between gap-2" data-testid="routed-approver" data-email={a.email}>
                          <span className="min-w-0 truncate">
                            {a.name} <span className="text-slate-500">({a.email})</span>
                          </span>
                          {a.decision && (
                            <span className={`text-xs font-medium ${a.decision === "approve" ? "text-emerald-700" : "text-red-700"}`}>
                              {a.decision === "approve" ? "approved" : "denied"}
                            </span>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </div>
            </Card>
            {isRequester && isTerminal(request.status) && (
              <ButtonLink href="/requests/new" variant="secondary" className="order-6 w-full">
                Request access again
              </ButtonLink>
            )}
          </div>
        </div>
      </div>
    </>
  );
}
