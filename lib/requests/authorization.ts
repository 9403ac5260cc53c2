/**
 * Who may see and decide what: pure functions, called again at the moment of action with facts read live
 * (group membership from Graph, decisions from the database) — never with what was true when a mail went out.
 */
import type { RequestState } from "./state-machine";

export interface Principal {
  id: string;
}

/** No IDOR: requesters see their own requests, approvers those routed to them, auditors everything. */
export function canViewRequest(
  user: Principal,
  request: { requesterId: string },
  facts: { isAuditor: boolean; isRoutedApprover: boolean },
): boolean {
  return facts.isAuditor || request.requesterId === user.id || facts.isRoutedApprover;
}

export type DecideRefusal = "is_requester" | "not_pending" | "already_decided" | "not_member" | "currently_elevated";

export type DecideCheck = { allowed: true } | { allowed: false; reason: DecideRefusal };

/**
 * Whether `approver` may approve or deny `request` right now. Order matters only for the message shown:
 * self-approval is reported first because it is the invariant people probe.
 */
export function canDecide(input: {
  approver: Principal;
  request: { requesterId: string; status: RequestState };
  isApproverGroupMember: boolean;
  /** Holds the elevation right now: JIT holders must not approve each other (PIM article, sources/002). */
  isCurrentlyElevated: boolean;
  alreadyDecided: boolean;
}): DecideCheck {
  if (input.approver.id === input.request.requesterId) return { allowed: false, reason: "is_requester" };
  if (input.request.status !== "pending_approval") return { allowed: false, reason: "not_pending" };
  if (input.alreadyDecided) return { allowed: false, reason: "already_decided" };
  if (!input.isApproverGroupMember) return { allowed: false, reason: "not_member" };
  if (input.isCurrentlyElevated) return { allowed: false, reason: "currently_elevated" };
  return { allowed: true };
}

export const decideRefusalMessages: Record<DecideRefusal, string> = {
  is_requester: "You cannot approve or deny your own request.",
  not_pending: "This request is no longer waiting for a decision.",
  already_decided: "You have already decided on this request.",
  not_member: "You are not a member of the approver group for this target, so you cannot decide on this request.",
  currently_elevated: "You currently hold this elevation yourself, so you cannot approve someone else's request for it.",
};

/** Distinct approvers who approved; a person never counts twice towards the quorum. */
export function isQuorumReached(
  decisions: readonly { approverId: string; kind: "approve" | "deny" }[],
  quorum: number,
): boolean {
  const approvers = new Set(decisions.filter((d) => d.kind === "approve").map((d) => d.approverId));
  return approvers.size >= Math.max(1, quorum);
}

export interface DirectoryMember {
  id: string;
  displayName: string | null;
  mail: string | null;
  userPrincipalName: string | null;
}

/**
 * Who gets the approval email: transitive user members of the approver group minus the requester, minus
 * owner-only users (owners are not approvers), minus anyone who holds the elevation right now. Members without
 * any address cannot be mailed and are dropped. Each person once.
 */
export function eligibleRecipients<M extends DirectoryMember>(
  members: readonly M[],
  exclude: { requesterId: string; ownersOnly: Iterable<string>; elevatedIds: Iterable<string> },
): M[] {
  const owners = new Set(exclude.ownersOnly);
  const elevated = new Set(exclude.elevatedIds);
  const seen = new Set<string>();
  return members.filter((m) => {
    if (seen.has(m.id)) return false;
    seen.add(m.id);
    if (m.id === exclude.requesterId || owners.has(m.id) || elevated.has(m.id)) return false;
    return Boolean(m.mail ?? m.userPrincipalName);
  });
}
