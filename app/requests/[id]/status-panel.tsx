import type { ReactNode } from "react";
import type { RequestView } from "@/lib/requests/records";
import { Countdown } from "../../components/countdown";
import { LocalTime } from "../../components/local-time";

const tones = {
  active: "border-emerald-300 bg-emerald-50 text-emerald-950",
  waiting: "border-amber-200 bg-amber-50 text-amber-950",
  progress: "border-brand-200 bg-brand-50 text-brand-950",
  bad: "border-red-200 bg-red-50 text-red-950",
  ended: "border-slate-200 bg-white text-slate-900",
} as const;

function Panel({ tone, title, children, status }: { tone: keyof typeof tones; title: ReactNode; children?: ReactNode; status: string }) {
  return (
    <section className={`rounded-lg border px-5 py-4 shadow-sm ${tones[tone]}`} data-testid="status-panel" data-status={status} aria-live="polite">
      <h2 className="text-lg font-semibold" data-testid="status-title">
        {title}
      </h2>
      {children && <div className="mt-1.5 space-y-1 text-sm">{children}</div>}
    </section>
  );
}

/** The one thing the requester wants to know first: where the request stands, in words, with the times. */
export function StatusPanel({ request, routedCount, renderedAt }: { request: RequestView; routedCount: number; renderedAt: Date }) {
  const r = request;
  const final = r.decisions.find((d) => d.isFinal);
  switch (r.status) {
    case "submitted":
      return (
        <Panel tone="progress" title="Sending to PIM…" status={r.status}>
          <p>PIM has not confirmed the request yet. This page updates by itself.</p>
        </Panel>
      );
    case "pending_approval":
      return (
        <Panel tone="waiting" title="Waiting for approval" status={r.status}>
          <p>
            {routedCount > 0
              ? `Sent to ${routedCount} approver${routedCount === 1 ? "" : "s"}. You will get an email when it is decided.`
              : "Approvers are being notified."}
          </p>
          {r.approvalExpiresAt && (
            <p>
              PIM&apos;s approval window closes in{" "}
              <strong>
                <Countdown until={r.approvalExpiresAt} renderedAt={renderedAt} data-testid="approval-window-remaining" />
              </strong>{" "}
              (<LocalTime value={r.approvalExpiresAt} />
              ).
            </p>
          )}
        </Panel>
      );
    case "approved":
      return (
        <Panel tone="progress" title="Approved — PIM is adding you to the admin group" status={r.status}>
          <p>This usually takes a few seconds. The commands to use the access appear here as soon as it is active.</p>
        </Panel>
      );
    case "active":
      return (
        <Panel
          tone="active"
          status={r.status}
          title={
            r.expiresAt ? (
              <span data-testid="active-until">
                Active until <LocalTime value={r.expiresAt} />
              </span>
            ) : (
              <span data-testid="active-until">Active</span>
            )
          }
        >
          {r.expiresAt && (
            <p className="text-base">
              <strong className="text-2xl font-semibold">
                <Countdown until={r.expiresAt} renderedAt={renderedAt} doneText="ending…" data-testid="time-remaining" />
              </strong>{" "}
              remaining
            </p>
          )}
          {r.deactivateAt && (
            <p data-testid="deactivation-scheduled">
              You asked to end it early: PIM allows that from <LocalTime value={r.deactivateAt} style="time" />, and the app will end it then.
            </p>
          )}
        </Panel>
      );
    case "expired":
      return (
        <Panel tone="ended" title="Expired" status={r.status}>
          {r.endedAt && (
            <p>
              The access ended at <LocalTime value={r.endedAt} />.
            </p>
          )}
        </Panel>
      );
    case "deactivated":
      return (
        <Panel tone="ended" title="Ended early" status={r.status}>
          {r.endedAt && (
            <p>
              PIM removed you from the admin group at <LocalTime value={r.endedAt} />. Tokens fetched before then keep working until they
              expire.
            </p>
          )}
        </Panel>
      );
    case "denied":
      return (
        <Panel tone="bad" title={final ? `Denied by ${final.approverName}` : "Denied"} status={r.status}>
          {final && <p data-testid="denial-reason">Reason: “{final.reason}”</p>}
        </Panel>
      );
    case "canceled":
      return (
        <Panel tone="ended" title="Canceled" status={r.status}>
          {r.endedAt && (
            <p>
              Withdrawn at <LocalTime value={r.endedAt} />. Nothing was granted.
            </p>
          )}
        </Panel>
      );
    case "failed":
      return (
        <Panel tone="bad" title="PIM did not accept the request" status={r.status}>
          <p data-testid="failure-message">{r.failure?.message || "PIM refused the request."}</p>
        </Panel>
      );
    case "timed_out":
      return (
        <Panel tone="bad" title="Not decided in time" status={r.status}>
          <p>Nobody approved or denied the request within PIM&apos;s 24-hour approval window. Submit a new one if you still need access.</p>
        </Panel>
      );
  }
}
