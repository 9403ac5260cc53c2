import type { ReactNode } from "react";
import { describeMinutes } from "@/lib/entra/iso-duration";
import type { TimelineEvent } from "@/lib/requests/get-request-details";
import { LocalTime } from "../../components/local-time";

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

const refusalWords: Record<string, string> = {
  unknown: "unknown link",
  expired: "link expired",
  used: "link already used",
  other_approver: "link of another approver",
  not_pending: "no longer pending",
  is_requester: "the requester cannot approve",
  already_decided: "already decided",
  not_member: "not in the approver group",
  currently_elevated: "approver holds the elevation",
};

/** One line of plain language per audit action (docs/audit-events.md names them); unknown ones show their name. */
function describe(e: TimelineEvent): { text: ReactNode; tone: "neutral" | "good" | "bad" | "info" } {
  const d = e.data;
  switch (e.action) {
    case "request.submitted":
      return { text: `Submitted for ${describeMinutes(Number(d.durationMinutes) || 0)}`, tone: "info" };
    case "request.pim_submitted":
      return { text: d.adopted ? "Found the request in PIM after a retry" : `PIM accepted the activation request (${str(d.pimStatus)})`, tone: "neutral" };
    case "request.failed":
      return { text: `Failed: ${str(d.reason)}`, tone: "bad" };
    case "request.routed": {
      const recipients = Array.isArray(d.recipients) ? (d.recipients as { upn?: unknown }[]).map((r) => str(r.upn)).filter(Boolean) : [];
      return { text: recipients.length ? `Routed to ${recipients.join(", ")}` : "No approver could be asked", tone: recipients.length ? "neutral" : "bad" };
    }
    case "approval.link_issued":
      return { text: `Approval link issued to ${str(d.approverEmail)}`, tone: "neutral" };
    case "approval.link_refused":
      return { text: `An approval link was refused (${refusalWords[str(d.reason)] ?? str(d.reason)})`, tone: "bad" };
    case "approval.refused":
      return { text: `A decision was refused (${refusalWords[str(d.reason)] ?? str(d.reason)})`, tone: "bad" };
    case "approval.recorded":
      return { text: `Approval recorded (${str(d.approvals)} of ${str(d.quorum)})`, tone: "good" };
    case "approval.decided":
      return { text: `${d.decision === "deny" ? "Denied" : "Approved"}: “${str(d.reason)}”`, tone: d.decision === "deny" ? "bad" : "good" };
    case "approval.pim_rejected":
      return { text: `PIM refused the decision (${str(d.code)})`, tone: "bad" };
    case "request.approved":
      return { text: d.source === "pim" ? "Approved in PIM" : "Approved; PIM is adding the membership", tone: "good" };
    case "request.denied":
      return { text: "Denied", tone: "bad" };
    case "request.activated":
      return { text: "Access active", tone: "good" };
    case "request.expired":
      return { text: "Access expired", tone: "neutral" };
    case "request.deactivation_scheduled":
      return {
        text: (
          <>
            End of access scheduled for <LocalTime value={str(d.deactivateAt)} style="time" />
          </>
        ),
        tone: "info",
      };
    case "request.deactivated":
      return { text: d.source === "outside_app" ? "Access removed outside the app" : "Access ended early", tone: "neutral" };
    case "request.canceled":
      return { text: d.source === "pim" ? "Canceled in PIM" : "Canceled by the requester", tone: "neutral" };
    case "request.timed_out":
      return { text: "Not decided within PIM's 24-hour window", tone: "bad" };
    case "request.reconciled":
      return { text: `PIM reports ${str(d.pimStatus)}`, tone: "neutral" };
    case "mail.sent":
      return { text: `Email sent to ${Array.isArray(d.to) ? d.to.map(str).join(", ") : ""}`, tone: "neutral" };
    case "session.revoked":
      return { text: "Sign-in sessions revoked", tone: "neutral" };
    default:
      return { text: e.action, tone: "neutral" };
  }
}

const dots = { neutral: "bg-slate-300", good: "bg-emerald-500", bad: "bg-red-500", info: "bg-brand-500" };

/** The request's audit trail, oldest first, in the reader's time zone. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">Nothing recorded yet.</p>;
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-5" data-testid="timeline">
      {events.map((e) => {
        const { text, tone } = describe(e);
        return (
          <li key={e.seq} className="relative" data-testid="timeline-event" data-action={e.action}>
            <span className={`absolute top-1.5 -left-[1.6rem] h-2.5 w-2.5 rounded-full ring-4 ring-white ${dots[tone]}`} aria-hidden="true" />
            <p className="text-sm text-slate-900">{text}</p>
            <p className="text-xs text-slate-500">
              <LocalTime value={e.at} style="precise" /> · {e.actor.name ?? (e.actor.type === "system" ? "JIT worker" : "unknown")}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
