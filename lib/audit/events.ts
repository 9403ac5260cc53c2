/**
 * The audit vocabulary: one stable dotted action name per thing that happened, one zod schema per action's
 * `data`. Names never change once shipped (exports and SIEM rules depend on them); add new ones instead.
 * docs/audit-events.md documents each action.
 */
import { z } from "zod";
import { requestStates } from "@/lib/requests/state-machine";

const state = z.enum(requestStates);
/** Every state change records where it came from and where it went. */
const change = { from: state, to: state };
const iso = z.iso.datetime({ offset: true });
const who = z.object({ id: z.string(), upn: z.string().nullable() });

export const auditSchemas = {
  "request.submitted": z.strictObject({
    to: z.literal("submitted"),
    targetId: z.string(),
    durationMinutes: z.number().int(),
    justification: z.string(),
    ticketNumber: z.string().nullable(),
    ticketSystem: z.string().nullable().optional(),
  }),
  "request.pim_submitted": z.strictObject({
    ...change,
    pimRequestId: z.string(),
    pimStatus: z.string(),
    approvalId: z.string().nullable(),
    /** The PIM request already existed (adopted after a retry or a crash) instead of being created now. */
    adopted: z.boolean(),
  }),
  "request.failed": z.strictObject({ ...change, code: z.string(), kind: z.string(), reason: z.string() }),
  "request.routed": z.strictObject({
    recipients: z.array(who),
    excluded: z.strictObject({ requester: z.boolean(), ownersOnly: z.number().int(), elevated: z.number().int(), noAddress: z.number().int() }),
  }),
  "approval.link_issued": z.strictObject({ approverId: z.string(), approverEmail: z.string(), expiresAt: iso }),
  "approval.link_refused": z.strictObject({
    reason: z.enum(["unknown", "expired", "used", "other_approver", "not_pending"]),
    approverId: z.string().nullable(),
  }),
  "approval.refused": z.strictObject({ reason: z.string(), decision: z.enum(["approve", "deny"]) }),
  "approval.recorded": z.strictObject({ approverId: z.string(), approvals: z.number().int(), quorum: z.number().int() }),
  "approval.decided": z.strictObject({
    approverId: z.string(),
    decision: z.enum(["approve", "deny"]),
    reason: z.string(),
    pimStageId: z.string(),
    /** Recorded by the worker from the vote's claim: PIM had the vote, its own transaction never landed. */
    recovered: z.literal(true).optional(),
  }),
  "approval.pim_rejected": z.strictObject({ approverId: z.string(), decision: z.enum(["approve", "deny"]), code: z.string(), kind: z.string() }),
  "request.approved": z.strictObject({ ...change, source: z.enum(["app", "pim"]) }),
  "request.denied": z.strictObject({ ...change, source: z.enum(["app", "pim"]), reason: z.string().nullable() }),
  "request.activated": z.strictObject({ ...change, startDateTime: iso, endDateTime: iso.nullable() }),
  "request.expired": z.strictObject({ ...change, endDateTime: iso.nullable() }),
  "request.deactivation_scheduled": z.strictObject({ deactivateAt: iso, revokeSessions: z.boolean() }),
  "request.deactivated": z.strictObject({ ...change, source: z.enum(["requester", "scheduled", "outside_app"]), revokeSessions: z.boolean() }),
  "request.canceled": z.strictObject({ ...change, source: z.enum(["requester", "pim"]) }),
  "request.timed_out": z.strictObject({ ...change, pimStatus: z.string() }),
  "request.reconciled": z.strictObject({ pimStatus: z.string(), note: z.string() }),
  "mail.sent": z.strictObject({ template: z.string(), to: z.array(z.string()), subject: z.string() }),
  "session.revoked": z.strictObject({ userId: z.string(), reason: z.string() }),
  "auth.signed_in": z.strictObject({ upn: z.string(), displayName: z.string().nullable() }),
  "auth.signed_out": z.strictObject({ reason: z.enum(["user", "expired", "revoked"]).optional() }),
  "auth.sign_in_failed": z.strictObject({ reason: z.string() }),
  "audit.exported": z.strictObject({
    format: z.string(),
    count: z.number().int(),
    /** The history filters the export used, as the auditor gave them (absent: everything). */
    filters: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    /** False when the download stopped before the last row (client went away, database error). */
    complete: z.boolean().optional(),
  }),
  "audit.verified": z.strictObject({ ok: z.boolean(), checked: z.number().int() }),
  "job.dead": z.strictObject({ jobId: z.string(), kind: z.string(), attempts: z.number().int(), error: z.string() }),
};

export type AuditAction = keyof typeof auditSchemas;
export const auditActions = Object.keys(auditSchemas) as AuditAction[];

export interface AuditActor {
  type: "user" | "system";
  /** Entra object id for users; a component name for the system ("worker"). */
  id?: string | null;
  name?: string | null;
}

export const systemActor: AuditActor = { type: "system", id: "worker", name: "JIT worker" };

type EventFor<A extends AuditAction> = {
  action: A;
  actor: AuditActor;
  requestId?: string | null;
  data: z.input<(typeof auditSchemas)[A]>;
  ip?: string | null;
  userAgent?: string | null;
};

/** A typed audit event: `data` must match the schema of `action`. */
export type AuditEventInput = { [A in AuditAction]: EventFor<A> }[AuditAction];

export function parseAuditData(action: AuditAction, data: unknown): Record<string, unknown> {
  const schema: z.ZodType = auditSchemas[action];
  return schema.parse(data) as Record<string, unknown>;
}
