/**
 * A requester asks for elevation. The request is recorded first (so nothing sent to PIM is ever unknown to us),
 * then PIM's selfActivate is called with the requester's OWN delegated token — PIM stays the enforcement point.
 */
import { withAudit } from "@/lib/audit/with-audit";
import { enqueueSync } from "@/lib/jobs/reconcile";
import { getMemberPolicy, listMyEligibilities } from "@/lib/entra/pim";
import { AppError } from "@/lib/errors";
import { findTarget } from "@/lib/targets";
import type { Deps, RequestMeta, SessionUser } from "./deps";
import { toAppError } from "./graph-failure";
import { ensureUser, loadRequest, toRequestView, type RequestView } from "./records";
import { sendToPim } from "./send-to-pim";
import { openStates } from "./state-machine";
import { checkAgainstLimits, parseSubmitInput } from "./submit-input";

export type SubmitOutcome = "pending_approval" | "approved" | "submitted" | "failed" | "existing";

export interface SubmitResult {
  outcome: SubmitOutcome;
  request: RequestView;
  /** A claims challenge to sign in again with (MFA / authentication context), when PIM asked for one. */
  claims?: string;
}

/** If PIM has not answered within this time, the worker re-queries PIM before anyone retries (§15.4). */
const SAFETY_SYNC_DELAY_MS = 2 * 60_000;

export async function submitRequest(deps: Deps, args: { user: SessionUser; input: unknown; meta?: RequestMeta }): Promise<SubmitResult> {
  const { user, meta } = args;
  const input = parseSubmitInput(args.input);
  const target = findTarget(deps.targets, input.targetId);
  if (!target) throw new AppError("bad_request", "Unknown target.", { fields: { targetId: "Choose one of the listed targets." } });

  // Authorize live: eligibility with the requester's own token, limits from the group's PIM policy.
  const [eligibilities, policy] = await Promise.all([
    listMyEligibilities(deps.graph.user(user), target.pimGroupId),
    getMemberPolicy(deps.graph.app(), target.pimGroupId),
  ]).catch((e: unknown) => {
    throw toAppError(e, "reading PIM eligibility and policy");
  });
  if (!eligibilities.some((e) => e.accessId.toLowerCase() === "member")) {
    throw new AppError("forbidden", `You are not eligible for ${target.displayName} in PIM.`);
  }
  if (policy.isApprovalRequired && !policy.approverGroupIds.some((g) => g.toLowerCase() === target.approverGroupId.toLowerCase())) {
    throw new AppError(
      "misconfigured",
      `The PIM policy of ${target.displayName} does not name its approver group as approver, so approvals from this app would be refused.`,
    );
  }
  checkAgainstLimits(input, target, policy);

  // Guard: one open request per person and target.
  const open = await deps.db.accessRequest.findFirst({
    where: { requesterId: user.id, targetId: target.id, status: { in: [...openStates] } },
    orderBy: { submittedAt: "desc" },
  });
  if (open) {
    const existing = await loadRequest(deps.db, open.id);
    if (existing) return { outcome: "existing", request: toRequestView(existing) };
  }

  const now = deps.now();
  const tenantId = user.homeAccountId.split(".")[1] ?? deps.tenantId;
  const created = await withAudit(deps.db, now, async (tx, audit) => {
    await ensureUser(tx, { id: user.id, tenantId, upn: user.upn, displayName: user.displayName, email: user.email });
    const row = await tx.accessRequest.create({
      data: {
        targetId: target.id,
        requesterId: user.id,
        justification: input.justification,
        ticketNumber: input.ticketNumber,
        ticketSystem: input.ticketNumber ? input.ticketSystem : null,
        durationMinutes: input.durationMinutes,
        quorum: target.quorum,
        submittedAt: now,
        updatedAt: now,
      },
    });
    await enqueueSync(tx, row.id, now, new Date(now.getTime() + SAFETY_SYNC_DELAY_MS));
    audit({
      action: "request.submitted",
      actor: { type: "user", id: user.id, name: user.displayName },
      requestId: row.id,
      data: {
        to: "submitted",
        targetId: target.id,
        durationMinutes: input.durationMinutes,
        justification: input.justification,
        ticketNumber: input.ticketNumber,
        ticketSystem: input.ticketNumber ? input.ticketSystem : null,
      },
      ip: meta?.ip,
      userAgent: meta?.userAgent,
    });
    return row;
  });

  return sendToPim(deps, { user, requestId: created.id, input, target, policy, meta });
}
