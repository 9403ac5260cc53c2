/**
 * Asks the right people: transitive user members of the approver group, minus the requester, minus owner-only
 * users (owners are not approvers), minus anyone who holds the elevation right now. Each gets a personal link
 * bound to the request and expiring with PIM's approval window. Idempotent: a routed request is not routed again.
 */
import { withAudit } from "@/lib/audit/with-audit";
import type { Db, Tx } from "@/lib/db/client";
import { systemActor } from "@/lib/audit/events";
import { listOwners, listTransitiveUserMembers } from "@/lib/entra/directory";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/outbox";
import { log } from "@/lib/log";
import { newLinkToken } from "./approval-link";
import { eligibleRecipients } from "./authorization";
import type { Deps } from "./deps";
import { ensureUser, loadRequest } from "./records";

export interface RoutedApprover {
  id: string;
  upn: string | null;
  email: string;
}

/** Routed once means routed: even when nobody could be asked, the audit log says so and we do not repeat it. */
async function isRouted(client: Db | Tx, requestId: string): Promise<boolean> {
  const events = await client.auditEvent.count({ where: { requestId, action: "request.routed" } });
  return events > 0 || (await client.approvalLink.count({ where: { requestId } })) > 0;
}

export async function routeApprovers(deps: Deps, requestId: string): Promise<{ routed: RoutedApprover[] }> {
  const request = await loadRequest(deps.db, requestId);
  if (!request) throw new AppError("not_found", "No such request.");
  if (request.status !== "pending_approval") return { routed: [] };
  if (await isRouted(deps.db, request.id)) return { routed: [] };

  const app = deps.graph.app();
  const [members, owners, elevated] = await Promise.all([
    listTransitiveUserMembers(app, request.target.approverGroupId),
    listOwners(app, request.target.approverGroupId),
    // Membership of the PIM group is the elevation: activated (and any permanent) members show up here.
    listTransitiveUserMembers(app, request.target.pimGroupId),
  ]);
  const memberIds = new Set(members.map((m) => m.id));
  const ownersOnly = owners.filter((o) => !memberIds.has(o.id)).map((o) => o.id);
  const elevatedIds = elevated.map((e) => e.id);
  const recipients = eligibleRecipients(members, { requesterId: request.requesterId, ownersOnly, elevatedIds });
  const now = deps.now();
  const expiresAt = request.approvalExpiresAt ?? new Date(now.getTime() + 24 * 60 * 60_000);

  return withAudit(deps.db, now, async (tx, audit) => {
    // Serialise concurrent routing of the same request (submit and the worker may both try).
    await tx.$executeRaw`SELECT 1 FROM access_requests WHERE id = ${request.id}::uuid FOR UPDATE`;
    if (await isRouted(tx, request.id)) return { routed: [] };
    const routed: RoutedApprover[] = [];
    for (const r of recipients) {
      const email = (r.mail ?? r.userPrincipalName)!;
      await ensureUser(tx, { id: r.id, tenantId: deps.tenantId, upn: r.userPrincipalName ?? email, displayName: r.displayName, email: r.mail });
      // A placeholder hash: the token that is mailed is minted when the mail job runs (lib/jobs/handlers/mail-send.ts).
      await tx.approvalLink.create({
        data: { requestId: request.id, approverId: r.id, approverEmail: email, tokenHash: newLinkToken().hash, expiresAt, createdAt: now },
      });
      const mail = { kind: "approval-link" as const, requestId: request.id, approverId: r.id };
      await enqueue(tx, "mail.send", mail, { dedupeKey: `mail:approval:${request.id}:${r.id}` }, now);
      audit({
        action: "approval.link_issued",
        actor: systemActor,
        requestId: request.id,
        data: { approverId: r.id, approverEmail: email, expiresAt: expiresAt.toISOString() },
      });
      routed.push({ id: r.id, upn: r.userPrincipalName, email });
    }
    if (routed.length === 0) log.warn("no approver could be asked", { requestId: request.id, approverGroupId: request.target.approverGroupId });
    audit({
      action: "request.routed",
      actor: systemActor,
      requestId: request.id,
      data: {
        recipients: routed.map((r) => ({ id: r.id, upn: r.upn })),
        excluded: {
          requester: memberIds.has(request.requesterId),
          ownersOnly: ownersOnly.length,
          elevated: members.filter((m) => elevatedIds.includes(m.id) && m.id !== request.requesterId).length,
          noAddress: members.filter((m) => !m.mail && !m.userPrincipalName).length,
        },
      },
    });
    return { routed };
  });
}
