/**
 * `mail.send`: delivers one email through Graph from the service mailbox and audits it.
 *
 * Approval emails are rendered here, not when queued: the link token is minted now and only its hash is
 * stored, replacing the link's previous hash — so the newest email always holds the one working link and the
 * database never holds a usable token.
 */
import { systemActor } from "@/lib/audit/events";
import { recordAudit } from "@/lib/audit/with-audit";
import { sendMail } from "@/lib/entra/mail";
import { approvalRequestEmail } from "@/lib/notify/templates";
import { approvalUrl, newLinkToken } from "@/lib/requests/approval-link";
import { loadRequest, toMailInfo } from "@/lib/requests/records";
import type { JobHandler } from "../types";

export const mailSend: JobHandler<"mail.send"> = async ({ deps, payload }) => {
  let message: { to: { address: string; name?: string | null }[]; subject: string; html: string; template: string; requestId: string | null };
  if (payload.kind === "rendered") {
    message = payload;
  } else {
    const request = await loadRequest(deps.db, payload.requestId);
    const link = await deps.db.approvalLink.findUnique({
      where: { requestId_approverId: { requestId: payload.requestId, approverId: payload.approverId } },
      include: { approver: true },
    });
    const now = deps.now();
    // Decided, canceled or expired before the mail went out: nobody needs it any more.
    if (!request || !link || request.status !== "pending_approval" || link.usedAt || link.expiresAt <= now) return;
    const { token, hash } = newLinkToken();
    await deps.db.approvalLink.update({ where: { id: link.id }, data: { tokenHash: hash } });
    const mail = approvalRequestEmail(toMailInfo(request), { url: approvalUrl(deps.appUrl, token), expiresAt: link.expiresAt, quorum: request.quorum });
    message = { ...mail, template: "approval-request", requestId: request.id, to: [{ address: link.approverEmail, name: link.approver.displayName }] };
  }

  await sendMail(deps.graph.app(), deps.mailSender, {
    to: message.to,
    subject: message.subject,
    html: message.html,
    headers: message.requestId ? { "x-jit-request-id": message.requestId, "x-jit-template": message.template } : { "x-jit-template": message.template },
  });
  await recordAudit(deps.db, deps.now(), {
    action: "mail.sent",
    actor: systemActor,
    requestId: message.requestId,
    data: { template: message.template, to: message.to.map((r) => r.address), subject: message.subject },
  });
};
