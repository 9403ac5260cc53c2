/**
 * The people of the crash test, as a state machine over the database: each step, at most one person presses the
 * one button their plan calls for now (submit, decide, cancel, deactivate). Stateless — everything is read from
 * the database — so a process killed mid-step is simply replaced by a fresh one that carries on.
 */
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { assertRoutedApprover } from "@/lib/requests/assert-routed-approver";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { deactivateRequest } from "@/lib/requests/deactivate-request";
import { decideApproval } from "@/lib/requests/decide-approval";
import { submitRequest } from "@/lib/requests/submit-request";
import type { AppDepsSet } from "./app-deps";
import type { CrashPlan } from "./crash-plan";
import { approvers, requester, sessionUser } from "./fleet";

export interface CrashActor {
  /** Does at most one action; false when nobody has anything to do right now. */
  actOnce(): Promise<boolean>;
}

export function createCrashActor(db: Db, set: AppDepsSet, plans: CrashPlan[], say: (line: string) => void): CrashActor {
  let turn = 0;
  // A refusal that repeats is not retried forever in one process (a restart tries again).
  const refusals = new Map<string, number>();
  /** The one thing this person would do now, if anything: returns a label and the action. */
  async function nextAction(plan: CrashPlan): Promise<[string, () => Promise<string>] | undefined> {
    const person = requester(plan.n);
    const user = sessionUser(person);
    const latest = await db.accessRequest.findFirst({ where: { requesterId: person.id }, orderBy: { number: "desc" }, include: { decisions: true } });
    const input = { targetId: "aks-prod", durationMinutes: 480, justification: `Crash test ${plan.n}: ${plan.kind}` };
    if (!latest || (latest.status === "failed" && latest.failureCode === "not_submitted")) {
      return ["submit", async () => (await submitRequest(set.interactive, { user, input })).outcome];
    }
    if (latest.status === "pending_approval") {
      if (plan.kind === "cancel") return ["cancel", async () => (await cancelRequest(set.interactive, { user, requestId: latest.id })).status];
      if (plan.kind !== "approve" && plan.kind !== "deny" && plan.kind !== "admin-remove") return undefined;
      const approver = approvers[plan.approver];
      if (latest.decisions.some((d) => d.approverId === approver.id)) return undefined;
      const isRouted = (await db.approvalLink.count({ where: { requestId: latest.id, approverId: approver.id } })) > 0;
      if (!isRouted) return undefined;
      const decision = plan.kind === "deny" ? "deny" : "approve";
      return [
        decision,
        async () => {
          await assertRoutedApprover(set.interactive, { user: { id: approver.id }, requestId: latest.id });
          const input = { requestId: latest.id, decision, reason: "Crash test decision" };
          return (await decideApproval(set.interactive, { user: sessionUser(approver), input })).outcome;
        },
      ];
    }
    if (latest.status === "active" && plan.kind === "approve" && plan.deactivate && !latest.deactivateAt) {
      return ["deactivate", async () => (await deactivateRequest(set.interactive, { user, requestId: latest.id })).outcome];
    }
    return undefined;
  }

  async function actOnce(): Promise<boolean> {
    for (let k = 0; k < plans.length; k++) {
      const plan = plans[(turn + k) % plans.length]!;
      const action = await nextAction(plan);
      if (!action || (refusals.get(`${plan.n}:${action[0]}`) ?? 0) >= 3) continue;
      turn = (turn + k + 1) % plans.length;
      const [what, run] = action;
      say(`act ${what} r${plan.n}`);
      try {
        say(`done ${what} r${plan.n} ${await run()}`);
      } catch (e) {
        if (!isAppError(e)) throw e;
        refusals.set(`${plan.n}:${what}`, (refusals.get(`${plan.n}:${what}`) ?? 0) + 1);
        const cause = e.options.cause as { statusCode?: number; code?: string; message?: string } | undefined;
        say(`refused ${what} r${plan.n} ${e.code}${cause ? ` (${cause.statusCode ?? ""} ${cause.code ?? ""} ${cause.message?.slice(0, 120) ?? ""})` : ""}`);
      }
      return true;
    }
    return false;
  }
  return { actOnce };
}
