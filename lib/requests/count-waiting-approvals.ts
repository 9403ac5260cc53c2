/**
 * How many requests wait for this approver's decision: the number on the "Approvals" badge in the header.
 * Database only (no Graph call), because it runs on every page view.
 */
import type { Deps } from "./deps";
import { waitingLinksWhere } from "./list-approver-inbox";

export async function countWaitingApprovals(deps: Deps, args: { user: { id: string } }): Promise<number> {
  return deps.db.approvalLink.count({ where: waitingLinksWhere(args.user.id, deps.now()) });
}
