/**
 * The canonical JSON (lib/audit/chain.ts) of each seeded action's data, written out per action with the keys in
 * sorted order: a million requests have ~8.6 million events, and the generic encoder's per-object work (listing,
 * ordering and looking up keys) is a noticeable share of seeding. Typed by the audit vocabulary, so a data object
 * that does not fit its action's schema does not compile.
 *
 * Kept honest twice: chain.ts in the seeder re-hashes one event in 997 with the reference encoder over the parsed
 * data, and tests/integration/history/seed-history.test.ts compares every stored value with `canonicalJson`.
 */
import type { z } from "zod";
import type { auditSchemas } from "@/lib/audit/events";

type Data<A extends keyof typeof auditSchemas> = z.input<(typeof auditSchemas)[A]>;

const q = JSON.stringify;
/** A nullable string field (the seeded values are never undefined; the test compares with the reference encoder). */
const qn = (value: string | null | undefined) => (value === null || value === undefined ? "null" : JSON.stringify(value));

// Enum-typed fields (request states, sources, decisions) are identifiers from code: they are quoted as they are.
export const seededDataJson = {
  "request.submitted": (d: Data<"request.submitted">) =>
    `{"durationMinutes":${d.durationMinutes},"justification":${q(d.justification)},"targetId":${q(d.targetId)},"ticketNumber":${qn(d.ticketNumber)},"to":"${d.to}"}`,
  "request.failed": (d: Data<"request.failed">) => `{"code":${q(d.code)},"from":"${d.from}","kind":${q(d.kind)},"reason":${q(d.reason)},"to":"${d.to}"}`,
  "request.pim_submitted": (d: Data<"request.pim_submitted">) =>
    `{"adopted":${d.adopted},"approvalId":${qn(d.approvalId)},"from":"${d.from}","pimRequestId":${q(d.pimRequestId)},"pimStatus":${q(d.pimStatus)},"to":"${d.to}"}`,
  "approval.link_issued": (d: Data<"approval.link_issued">) => `{"approverEmail":${q(d.approverEmail)},"approverId":${q(d.approverId)},"expiresAt":${q(d.expiresAt)}}`,
  "request.routed": (d: Data<"request.routed">) =>
    `{"excluded":{"elevated":${d.excluded.elevated},"noAddress":${d.excluded.noAddress},"ownersOnly":${d.excluded.ownersOnly},"requester":${d.excluded.requester}},` +
    `"recipients":[${d.recipients.map((r) => `{"id":${q(r.id)},"upn":${qn(r.upn)}}`).join(",")}]}`,
  "request.canceled": (d: Data<"request.canceled">) => `{"from":"${d.from}","source":"${d.source}","to":"${d.to}"}`,
  "request.timed_out": (d: Data<"request.timed_out">) => `{"from":"${d.from}","pimStatus":${q(d.pimStatus)},"to":"${d.to}"}`,
  "approval.recorded": (d: Data<"approval.recorded">) => `{"approvals":${d.approvals},"approverId":${q(d.approverId)},"quorum":${d.quorum}}`,
  "approval.decided": (d: Data<"approval.decided">) => `{"approverId":${q(d.approverId)},"decision":"${d.decision}","pimStageId":${q(d.pimStageId)},"reason":${q(d.reason)}}`,
  "request.denied": (d: Data<"request.denied">) => `{"from":"${d.from}","reason":${qn(d.reason)},"source":"${d.source}","to":"${d.to}"}`,
  "request.approved": (d: Data<"request.approved">) => `{"from":"${d.from}","source":"${d.source}","to":"${d.to}"}`,
  "request.activated": (d: Data<"request.activated">) =>
    `{"endDateTime":${qn(d.endDateTime)},"from":"${d.from}","startDateTime":${q(d.startDateTime)},"to":"${d.to}"}`,
  "request.deactivated": (d: Data<"request.deactivated">) => `{"from":"${d.from}","revokeSessions":${d.revokeSessions},"source":"${d.source}","to":"${d.to}"}`,
  "request.expired": (d: Data<"request.expired">) => `{"endDateTime":${qn(d.endDateTime)},"from":"${d.from}","to":"${d.to}"}`,
};

export type SeededAction = keyof typeof seededDataJson;
