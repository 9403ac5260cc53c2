/**
 * Every email the app sends, as functions returning { subject, html, text }. Wording is for people who may
 * read it on a phone between meetings: what happened, what (if anything) they need to do, and by when.
 */
import { describeMinutes } from "@/lib/entra/iso-duration";
import { clusterAccessCommands, parseClusterResourceId } from "@/lib/targets";
import { formatUtc, renderEmail, type RenderedEmail } from "./layout";

export interface MailRequestInfo {
  id: string;
  number: number;
  requester: { name: string; upn: string };
  targetName: string;
  clusterResourceId: string;
  durationMinutes: number;
  justification: string;
  ticketNumber: string | null;
  ticketSystem?: string | null;
}

const TAG = "[AKS JIT]";
/** Access tokens already issued keep working after the membership ends (entra-graph-api.md §14). */
const TOKEN_TAIL_NOTE =
  "Kubernetes tokens cannot be revoked: a token fetched while the access was active can keep working for up to about 90 minutes after it ends.";

function requestDetails(r: MailRequestInfo): [string, string][] {
  const cluster = parseClusterResourceId(r.clusterResourceId);
  return [
    ["Request", `#${r.number}`],
    ["Requester", `${r.requester.name} (${r.requester.upn})`],
    ["Access", r.targetName],
    ["Cluster", `${cluster.name} (resource group ${cluster.resourceGroup})`],
    ["Duration", describeMinutes(r.durationMinutes)],
    ["Justification", r.justification],
    ["Ticket", r.ticketNumber ? `${r.ticketNumber}${r.ticketSystem ? ` (${r.ticketSystem})` : ""}` : "none"],
  ];
}

export function approvalRequestEmail(r: MailRequestInfo, link: { url: string; expiresAt: Date; quorum: number }): RenderedEmail {
  return renderEmail(`${TAG} Approval needed: #${r.number} ${r.requester.name} → ${r.targetName} (${describeMinutes(r.durationMinutes)})`, {
    preheader: `${r.requester.name} asks for ${r.targetName} for ${describeMinutes(r.durationMinutes)}.`,
    heading: `${r.requester.name} asks for ${r.targetName}`,
    paragraphs: [
      `${r.requester.name} wants just-in-time admin access to the cluster for ${describeMinutes(r.durationMinutes)}. You are receiving this because you are an approver for this access.`,
      ...(link.quorum > 1 ? [`This access needs ${link.quorum} approvals from different approvers.`] : []),
    ],
    details: requestDetails(r),
    button: { label: "Review request", url: link.url },
    notes: [
      `This link only opens the request. Nothing is approved or denied until you sign in and press a button on the page.`,
      `The link is personal to you, works for one decision, and expires at ${formatUtc(link.expiresAt)} (when PIM's 24-hour approval window closes).`,
    ],
  });
}

export type ClosedOutcome = "approved" | "denied" | "canceled" | "timed_out";

/** To the other approvers: the request no longer needs them. */
export function decidedElsewhereEmail(r: MailRequestInfo, e: { outcome: ClosedOutcome; byName: string | null; at: Date }): RenderedEmail {
  const what: Record<ClosedOutcome, string> = {
    approved: `was approved by ${e.byName ?? "another approver"}`,
    denied: `was denied by ${e.byName ?? "another approver"}`,
    canceled: "was canceled by the requester",
    timed_out: "expired without a decision",
  };
  return renderEmail(`${TAG} No action needed: #${r.number} ${what[e.outcome]}`, {
    preheader: `Request #${r.number} ${what[e.outcome]}.`,
    heading: `Request #${r.number} no longer needs your decision`,
    paragraphs: [`The request by ${r.requester.name} for ${r.targetName} ${what[e.outcome]} at ${formatUtc(e.at)}. Your approval link no longer works.`],
    details: requestDetails(r),
  });
}

/** To the requester: PIM's approval window closed without a decision. */
export function timedOutEmail(r: MailRequestInfo): RenderedEmail {
  return renderEmail(`${TAG} Not decided in time: #${r.number} ${r.targetName}`, {
    preheader: `Nobody decided on your request within PIM's 24-hour window.`,
    heading: "Your request expired without a decision",
    paragraphs: [`Nobody approved or denied your request for ${r.targetName} within PIM's 24-hour approval window. Submit a new request if you still need the access.`],
    details: requestDetails(r),
  });
}

export function approvedEmail(r: MailRequestInfo, e: { byName: string; appUrl: string }): RenderedEmail {
  return renderEmail(`${TAG} Approved: #${r.number} ${r.targetName}`, {
    preheader: `${e.byName} approved your request. PIM is activating it now.`,
    heading: "Your request was approved",
    paragraphs: [`${e.byName} approved your request for ${r.targetName}. PIM is activating it; you will get another email as soon as the access is active.`],
    details: requestDetails(r),
    button: { label: "Open request", url: `${e.appUrl}/requests/${r.id}` },
  });
}

export function deniedEmail(r: MailRequestInfo, e: { byName: string | null; reason: string | null }): RenderedEmail {
  return renderEmail(`${TAG} Denied: #${r.number} ${r.targetName}`, {
    preheader: `Your request for ${r.targetName} was denied.`,
    heading: "Your request was denied",
    paragraphs: [`${e.byName ?? "An approver"} denied your request for ${r.targetName}.`],
    details: [...requestDetails(r), ["Reason", e.reason ?? "(no reason given)"]],
  });
}

export function activeEmail(r: MailRequestInfo, e: { until: Date | null; appUrl: string }): RenderedEmail {
  const until = e.until ? `until ${formatUtc(e.until)}` : "now";
  return renderEmail(`${TAG} Active ${until}: ${r.targetName}`, {
    preheader: `Your access to ${r.targetName} is active ${until}.`,
    heading: `Your access is active ${until}`,
    paragraphs: [
      `You are now a member of the admin group for ${r.targetName}. Fetch a new cluster token to use it — the token you have does not contain the new group yet.`,
    ],
    details: requestDetails(r),
    commands: clusterAccessCommands(r.clusterResourceId),
    button: { label: "Open request", url: `${e.appUrl}/requests/${r.id}` },
    notes: [TOKEN_TAIL_NOTE],
  });
}

export function expiringSoonEmail(r: MailRequestInfo, e: { endsAt: Date; appUrl: string }): RenderedEmail {
  return renderEmail(`${TAG} Ends in 15 minutes: ${r.targetName}`, {
    preheader: `Your access to ${r.targetName} ends at ${formatUtc(e.endsAt)}.`,
    heading: "Your access ends in 15 minutes",
    paragraphs: [
      `Your access to ${r.targetName} ends at ${formatUtc(e.endsAt)}. PIM cannot extend a running activation; if you need more time, submit a new request after it ends.`,
    ],
    details: requestDetails(r),
    button: { label: "Open request", url: `${e.appUrl}/requests/${r.id}` },
  });
}

export function endedEmail(r: MailRequestInfo, e: { how: "expired" | "deactivated"; at: Date }): RenderedEmail {
  const verb = e.how === "expired" ? "expired" : "was ended early";
  return renderEmail(`${TAG} Ended: ${r.targetName}`, {
    preheader: `Your access to ${r.targetName} ${verb}.`,
    heading: `Your access ${verb}`,
    paragraphs: [`Your membership of the admin group for ${r.targetName} ${verb} at ${formatUtc(e.at)}.`],
    details: requestDetails(r),
    notes: [TOKEN_TAIL_NOTE],
  });
}
