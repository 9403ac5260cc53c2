import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { csrfToken } from "@/lib/auth/csrf";
import { requestMeta } from "@/lib/auth/request-meta";
import { requireUser } from "@/lib/auth/require-user";
import type { DecideRefusal } from "@/lib/requests/authorization";
import { appDeps } from "@/lib/requests/deps";
import { describeApprovalLink } from "@/lib/requests/describe-approval-link";
import { getApprovalByLink, type ApprovalByLink } from "@/lib/requests/get-approval-by-link";
import { toAppError } from "@/lib/requests/graph-failure";
import { ApprovalView } from "../../approvals/_components/approval-view";
import { DecisionForm } from "../../approvals/_components/decision-form";
import { LinkRefusal } from "../../approvals/_components/link-refusal";
import { csrfPurpose } from "../../requests/_lib/csrf-purposes";

// The token is in the URL: never send it onwards in a Referer header.
export const metadata: Metadata = { title: "Review request", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

const refusalTitles: Record<Exclude<DecideRefusal, "not_pending">, string> = {
  is_requester: "This is your own request",
  already_decided: "You have already decided on this request",
  not_member: "You are not an approver for this access",
  currently_elevated: "You hold this access yourself right now",
};

/**
 * GET /approve/{token} — the page an approval email links to. It only SHOWS: mail scanners open links before
 * people do, so nothing here changes the request. Approve/Deny are POSTs (server action) after sign-in.
 */
export default async function ApproveByLinkPage({ params }: Props) {
  const { token } = await params;
  const user = await requireUser(`/approve/${encodeURIComponent(token)}`);
  const deps = appDeps();

  let result: ApprovalByLink;
  try {
    result = await getApprovalByLink(deps, { user, token, meta: requestMeta(await headers()) });
  } catch (e) {
    return (
      <LinkRefusal reason="unavailable" title="The request cannot be checked right now">
        <p>{toAppError(e, "opening an approval link").userMessage}</p>
        <p>Nothing was changed. Try the link again in a minute.</p>
      </LinkRefusal>
    );
  }

  if (!result.ok) {
    switch (result.reason) {
      case "other_approver": {
        const owner = await describeApprovalLink(deps, { token });
        if (owner?.requesterId === user.id) {
          return (
            <LinkRefusal reason="own_request" title="This is your own request">
              <p>You cannot approve or deny your own request — another approver has to. This link was sent to {owner.approverEmail}.</p>
              <p>
                <Link href={`/requests/${owner.requestId}`}>Follow your request</Link> to see when it is decided.
              </p>
            </LinkRefusal>
          );
        }
        return (
          <LinkRefusal reason="other_approver" title="This link was sent to someone else">
            <p data-testid="link-owner">
              This link was sent to <strong>{owner?.approverEmail ?? "another approver"}</strong>; you are signed in as <strong>{user.upn}</strong>.
            </p>
            <p>Approval links are personal. Sign out and sign in as the person it was sent to, or open your own approvals.</p>
          </LinkRefusal>
        );
      }
      case "unknown":
        return (
          <LinkRefusal reason="unknown" title="This approval link is not valid">
            <p>{result.message}</p>
            <p>If you copied it from an email, make sure you copied all of it.</p>
          </LinkRefusal>
        );
      case "expired":
        return (
          <LinkRefusal reason="expired" title="This approval link has expired">
            <p>{result.message}</p>
          </LinkRefusal>
        );
      case "used":
        return (
          <LinkRefusal reason="used" title="This link has already been used">
            <p>{result.message} Each link works for one decision.</p>
          </LinkRefusal>
        );
      case "not_pending":
        return (
          <LinkRefusal reason="not_pending" title="This request no longer needs a decision">
            <p data-testid="already-decided">{result.message}</p>
          </LinkRefusal>
        );
    }
  }

  const { request, linkExpiresAt, check, checkMessage } = result;
  if (!check.allowed && check.reason !== "not_pending") {
    return (
      <LinkRefusal reason={check.reason} title={refusalTitles[check.reason]}>
        <p>{checkMessage}</p>
        <p className="text-sm text-slate-500">
          Request #{request.number}: {request.requester.displayName} asks for {request.target.displayName}.
        </p>
      </LinkRefusal>
    );
  }
  const decideBy = request.approvalExpiresAt && request.approvalExpiresAt < linkExpiresAt ? request.approvalExpiresAt : linkExpiresAt;
  return (
    <ApprovalView request={request} decideBy={decideBy} renderedAt={new Date()}>
      {check.allowed ? (
        <DecisionForm csrf={csrfToken(user, csrfPurpose.decideByLink(token))} linkToken={token} requesterName={request.requester.displayName} />
      ) : (
        <p className="text-sm text-slate-700">{checkMessage}</p>
      )}
    </ApprovalView>
  );
}
