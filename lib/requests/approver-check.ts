/**
 * The facts an approval decision depends on, read live at the moment of action — never from the time the email
 * went out: is the person still in the approver group, and do they hold the elevation themselves right now?
 */
import { isMemberOf } from "@/lib/entra/directory";
import { formatUtc } from "@/lib/notify/layout";
import type { Deps } from "./deps";
import type { RequestRecord } from "./records";

export async function checkApproverLive(
  deps: Deps,
  approverId: string,
  target: { approverGroupId: string; pimGroupId: string },
): Promise<{ isApproverGroupMember: boolean; isCurrentlyElevated: boolean }> {
  const groups = await isMemberOf(deps.graph.app(), approverId, [target.approverGroupId, target.pimGroupId]);
  return { isApproverGroupMember: groups.has(target.approverGroupId), isCurrentlyElevated: groups.has(target.pimGroupId) };
}

/** "Already decided: approved by Priya Approver at 2026-03-04 10:05 UTC." — or the current state. */
export function alreadyDecidedMessage(request: RequestRecord): string {
  const final = request.decisions.find((d) => d.isFinal);
  if (final) {
    const verb = final.kind === "approve" ? "approved" : "denied";
    return `Already decided: ${verb} by ${final.approver.displayName} at ${formatUtc(final.createdAt)}.`;
  }
  const labels: Record<string, string> = {
    approved: "approved",
    active: "approved and active",
    expired: "approved; the access has since expired",
    deactivated: "approved; the access has since ended",
    denied: "denied",
    canceled: "canceled by the requester",
    timed_out: "not decided within PIM's 24-hour window",
    failed: "failed in PIM",
  };
  return `This request is no longer waiting for a decision: it was ${labels[request.status] ?? request.status}.`;
}
