/**
 * Queues the emails that follow a state change, inside the transaction that makes the change. Dedupe keys make
 * each email go out at most once even if the transaction's caller is retried.
 */
import type { Tx } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/outbox";
import type { RenderedEmail } from "@/lib/notify/layout";
import { decidedElsewhereEmail, type ClosedOutcome } from "@/lib/notify/templates";
import { toMailInfo, type RequestRecord } from "./records";

export async function enqueueMail(
  tx: Tx,
  now: Date,
  m: { template: string; requestId: string | null; to: { address: string; name?: string | null }; mail: RenderedEmail; dedupeKey: string },
): Promise<void> {
  await enqueue(
    tx,
    "mail.send",
    { kind: "rendered", template: m.template, requestId: m.requestId, to: [m.to], subject: m.mail.subject, html: m.mail.html },
    { dedupeKey: m.dedupeKey },
    now,
  );
}

/** To the requester; one email per (request, template). */
export async function mailRequester(tx: Tx, now: Date, request: RequestRecord, template: string, mail: RenderedEmail): Promise<void> {
  const address = request.requester.email ?? request.requester.upn;
  await enqueueMail(tx, now, {
    template,
    requestId: request.id,
    to: { address, name: request.requester.displayName },
    mail,
    dedupeKey: `mail:${template}:${request.id}`,
  });
}

/** Tells every routed approver except `exceptApproverId` that the request no longer needs them. */
export async function mailOtherApprovers(
  tx: Tx,
  now: Date,
  request: RequestRecord,
  e: { outcome: ClosedOutcome; byName: string | null; exceptApproverId: string | null },
): Promise<void> {
  const links = await tx.approvalLink.findMany({ where: { requestId: request.id }, include: { approver: true } });
  const mail = decidedElsewhereEmail(toMailInfo(request), { outcome: e.outcome, byName: e.byName, at: now });
  for (const link of links) {
    if (link.approverId === e.exceptApproverId) continue;
    await enqueueMail(tx, now, {
      template: "decided-elsewhere",
      requestId: request.id,
      to: { address: link.approverEmail, name: link.approver.displayName },
      mail,
      dedupeKey: `mail:decided-elsewhere:${request.id}:${link.approverId}`,
    });
  }
}
