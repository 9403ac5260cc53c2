import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { csrfToken } from "@/lib/auth/csrf";
import { requireUser, type CurrentUser } from "@/lib/auth/require-user";
import { isAppError } from "@/lib/errors";
import { appDeps } from "@/lib/requests/deps";
import { getInboxApproval, type InboxApproval } from "@/lib/requests/get-inbox-approval";
import { Alert } from "../../components/alert";
import { LocalTime } from "../../components/local-time";
import { csrfPurpose } from "../../requests/_lib/csrf-purposes";
import { ApprovalView } from "../_components/approval-view";
import { DecisionForm } from "../_components/decision-form";

export const metadata: Metadata = { title: "Review request" };

type Props = { params: Promise<{ requestId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const outcomes: Record<string, { tone: "success" | "info"; title: string; text: (name: string) => string }> = {
  approved: { tone: "success", title: "You approved the request", text: (n) => `PIM is adding ${n} to the admin group; ${n} is notified by email.` },
  recorded: { tone: "info", title: "Your approval is recorded", text: () => "More approvals from other approvers are needed before PIM grants the access." },
  denied: { tone: "success", title: "You denied the request", text: (n) => `${n} is notified by email with your reason.` },
};

async function load(user: CurrentUser, requestId: string): Promise<InboxApproval | null> {
  try {
    return await getInboxApproval(appDeps(), { user, requestId });
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") return null;
    throw e;
  }
}

/**
 * GET /approvals/{requestId} — the inbox's way to the approval page. The emailed token is not stored, so this
 * path is keyed by the signed-in approver and the request, and shows only requests routed to them (anyone else
 * gets the 404 page). The same live checks decide whether Approve/Deny are offered; the POST re-checks them.
 */
export default async function InboxApprovalPage({ params, searchParams }: Props) {
  const { requestId } = await params;
  const outcome = (await searchParams).outcome;
  const user = await requireUser(`/approvals/${encodeURIComponent(requestId)}`);
  const approval = await load(user, requestId);
  if (!approval) notFound();

  const { request, myDecision, check, message } = approval;
  const shown = typeof outcome === "string" ? outcomes[outcome] : undefined;
  const decideBy = request.approvalExpiresAt && request.approvalExpiresAt < approval.linkExpiresAt ? request.approvalExpiresAt : approval.linkExpiresAt;
  const banner = shown ? (
    <Alert tone={shown.tone} title={shown.title} data-testid="decision-outcome" data-outcome={outcome as string}>
      {shown.text(request.requester.displayName)}
    </Alert>
  ) : null;

  return (
    <ApprovalView request={request} decideBy={decideBy} renderedAt={new Date()} banner={banner}>
      {check.allowed ? (
        <DecisionForm csrf={csrfToken(user, csrfPurpose.decideByRequest(request.id))} requestId={request.id} requesterName={request.requester.displayName} />
      ) : myDecision ? (
        <div className="space-y-1 text-sm text-slate-700" data-testid="my-decision" data-kind={myDecision.kind}>
          <p>
            You <strong>{myDecision.kind === "approve" ? "approved" : "denied"}</strong> this request on <LocalTime value={myDecision.at} />.
          </p>
          <p>Your reason: “{myDecision.reason}”</p>
        </div>
      ) : (
        <p className="text-sm text-slate-700" data-testid="decision-unavailable" data-reason={check.allowed ? "" : check.reason}>
          {message}
        </p>
      )}
      <p className="mt-4 text-sm">
        <Link href="/approvals">← Back to approvals</Link>
      </p>
    </ApprovalView>
  );
}
