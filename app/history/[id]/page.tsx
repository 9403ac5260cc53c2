import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireAuditor } from "@/lib/auth/require-auditor";
import { db } from "@/lib/db/client";
import { describeMinutes } from "@/lib/entra/iso-duration";
import { getRequestHistory } from "@/lib/history/timeline";
import { Card } from "../../components/card";
import { LocalTime } from "../../components/local-time";
import { PageHeader } from "../../components/page-header";
import { StatusBadge } from "../../components/status-badge";
import { AuditTrail } from "./audit-trail";

export const metadata: Metadata = { title: "Request history" };

function Fact({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2 lg:col-span-3" : ""}>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

const when = (d: Date | null) => (d ? <LocalTime value={d} /> : <span className="text-slate-400">—</span>);

export default async function RequestHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAuditor(`/history/${encodeURIComponent(id)}`);
  const r = await getRequestHistory(db, id);
  if (!r) notFound();

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            Request #{r.number} <StatusBadge status={r.status} />
          </span>
        }
        description={`${r.requester.displayName} asked for ${r.target.displayName}. Times are in your time zone (hover for UTC).`}
        actions={<Link href="/history">← History</Link>}
      />
      <div className="space-y-6">
        <Card title="Request">
          <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="history-facts">
            <Fact label="Requester">
              {r.requester.displayName}
              <span className="block text-xs text-slate-500">
                {r.requester.upn} · {r.requester.id}
              </span>
            </Fact>
            <Fact label="Target">
              {r.target.displayName}
              <span className="block text-xs break-all text-slate-500">{r.target.clusterResourceId}</span>
            </Fact>
            <Fact label="Duration">
              {describeMinutes(r.durationMinutes)} · quorum {r.quorum}
            </Fact>
            <Fact label="Submitted">{when(r.submittedAt)}</Fact>
            <Fact label="Decided">{when(r.decidedAt)}</Fact>
            <Fact label="Active from">{when(r.activatedAt)}</Fact>
            <Fact label="Scheduled end">{when(r.expiresAt)}</Fact>
            <Fact label="Ended">{when(r.endedAt)}</Fact>
            <Fact label="Ticket">{r.ticketNumber ? `${r.ticketNumber}${r.ticketSystem ? ` (${r.ticketSystem})` : ""}` : "none"}</Fact>
            <Fact label="PIM request">
              <span className="text-xs break-all">{r.pimRequestId ?? "—"}</span>
              {r.pimStatus && <span className="block text-xs text-slate-500">{r.pimStatus}</span>}
            </Fact>
            {r.failure && (
              <Fact label="Failure" wide>
                <code className="text-xs">{r.failure.code}</code> {r.failure.message}
              </Fact>
            )}
            <Fact label="Justification" wide>
              <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 whitespace-pre-wrap">{r.justification}</p>
            </Fact>
          </dl>
        </Card>

        <Card title="Decisions">
          {r.decisions.length === 0 ? (
            <p className="text-sm text-slate-500">Nobody decided on this request.</p>
          ) : (
            <ul className="space-y-3" data-testid="history-decisions">
              {r.decisions.map((d) => (
                <li key={d.approver.id} className="text-sm">
                  <span className={`font-medium ${d.kind === "deny" ? "text-red-700" : "text-emerald-700"}`}>{d.kind === "deny" ? "Denied" : "Approved"}</span>{" "}
                  by {d.approver.displayName} <span className="text-slate-500">({d.approver.upn})</span> · <LocalTime value={d.at} />
                  {!d.isFinal && <span className="text-slate-500"> · recorded by the app, not sent to PIM</span>}
                  <span className="block text-slate-700">“{d.reason}”</span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title="Approval links issued" description="Who was emailed a personal link. Link tokens are never stored or shown.">
          {r.links.length === 0 ? (
            <p className="text-sm text-slate-500">No approval link was issued.</p>
          ) : (
            <ul className="divide-y divide-slate-200 text-sm" data-testid="history-links">
              {r.links.map((l) => (
                <li key={l.approver.id} className="py-2 first:pt-0 last:pb-0">
                  {l.approver.displayName} <span className="text-slate-500">({l.email})</span>
                  <span className="block text-xs text-slate-500">
                    issued <LocalTime value={l.issuedAt} /> · expires <LocalTime value={l.expiresAt} /> ·{" "}
                    {l.usedAt ? (
                      <>
                        used <LocalTime value={l.usedAt} />
                      </>
                    ) : (
                      "not used"
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title="Audit trail" description={`${r.events.length} events in chain order.`}>
          {r.events.length === 0 ? <p className="text-sm text-slate-500">No audit event refers to this request.</p> : <AuditTrail events={r.events} />}
        </Card>
      </div>
    </>
  );
}
