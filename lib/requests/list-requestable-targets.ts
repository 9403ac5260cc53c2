/**
 * What the signed-in user may request right now: the configured targets they are ELIGIBLE for in PIM (read live
 * with their own token — the portal's answer, not ours), each with the limits of its PIM policy. A target whose
 * PIM lookups fail is listed as unavailable with the reason instead of taking the whole page down; an expired
 * Microsoft sign-in is rethrown so the page can send the user to sign in again.
 */
import { getMemberPolicy, listMyEligibilities, type PimPolicy } from "@/lib/entra/pim";
import { parseClusterResourceId, type Target } from "@/lib/targets";
import type { Deps, SessionUser } from "./deps";
import { toAppError } from "./graph-failure";
import { openStates, type RequestState } from "./state-machine";
import { MIN_DURATION_MINUTES } from "./submit-input";

export interface RequestableTarget {
  id: string;
  displayName: string;
  cluster: { name: string; resourceGroup: string };
  /** The stricter of the target's and the PIM policy's maximum. */
  maxDurationMinutes: number;
  /** The target's default, clamped to the maximum. */
  defaultDurationMinutes: number;
  minDurationMinutes: number;
  isJustificationRequired: boolean;
  isTicketRequired: boolean;
  isMfaRequired: boolean;
  isApprovalRequired: boolean;
  quorum: number;
  /** The user's request for this target that is still open (one at a time per target). */
  openRequest: { id: string; number: number; status: RequestState } | null;
}

export interface RequestableTargets {
  targets: RequestableTarget[];
  /** Targets the user may be eligible for but which could not be checked right now. */
  unavailable: { id: string; displayName: string; message: string }[];
}

type Lookup = { kind: "eligible"; target: Target; policy: PimPolicy } | { kind: "not_eligible" } | { kind: "error"; target: Target; message: string };

async function lookUp(deps: Deps, user: SessionUser, target: Target): Promise<Lookup> {
  try {
    const eligibilities = await listMyEligibilities(deps.graph.user(user), target.pimGroupId);
    if (!eligibilities.some((e) => e.accessId.toLowerCase() === "member")) return { kind: "not_eligible" };
    return { kind: "eligible", target, policy: await getMemberPolicy(deps.graph.app(), target.pimGroupId) };
  } catch (e) {
    const error = toAppError(e, `checking eligibility for ${target.id}`);
    if (error.code === "reauth_required") throw error;
    return { kind: "error", target, message: error.userMessage };
  }
}

export async function listRequestableTargets(deps: Deps, args: { user: SessionUser }): Promise<RequestableTargets> {
  const { user } = args;
  const [lookups, open] = await Promise.all([
    Promise.all(deps.targets.map((t) => lookUp(deps, user, t))),
    deps.db.accessRequest.findMany({
      where: { requesterId: user.id, status: { in: [...openStates] } },
      select: { id: true, number: true, status: true, targetId: true },
      orderBy: { number: "desc" },
    }),
  ]);
  const result: RequestableTargets = { targets: [], unavailable: [] };
  for (const l of lookups) {
    if (l.kind === "not_eligible") continue;
    if (l.kind === "error") {
      result.unavailable.push({ id: l.target.id, displayName: l.target.displayName, message: l.message });
      continue;
    }
    const { target, policy } = l;
    const max = Math.min(target.maxDurationMinutes, policy.maxDurationMinutes ?? Number.POSITIVE_INFINITY);
    const mine = open.find((r) => r.targetId === target.id);
    const cluster = parseClusterResourceId(target.clusterResourceId);
    result.targets.push({
      id: target.id,
      displayName: target.displayName,
      cluster: { name: cluster.name, resourceGroup: cluster.resourceGroup },
      maxDurationMinutes: max,
      defaultDurationMinutes: Math.min(target.defaultDurationMinutes, max),
      minDurationMinutes: MIN_DURATION_MINUTES,
      isJustificationRequired: policy.isJustificationRequired,
      isTicketRequired: policy.isTicketRequired,
      isMfaRequired: policy.isMfaRequired,
      isApprovalRequired: policy.isApprovalRequired,
      quorum: target.quorum,
      openRequest: mine ? { id: mine.id, number: Number(mine.number), status: mine.status } : null,
    });
  }
  return result;
}
