/**
 * Guard for decisions posted from the inbox page (by request id instead of the emailed token): the request must
 * have been routed to this approver, exactly as the emailed link would prove. `decideApproval` then re-checks
 * everything live. Unknown and not-routed look the same (not_found), so request ids cannot be probed.
 */
import { AppError } from "@/lib/errors";
import type { Deps } from "./deps";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function assertRoutedApprover(deps: Deps, args: { user: { id: string }; requestId: string }): Promise<void> {
  const link = uuid.test(args.requestId)
    ? await deps.db.approvalLink.findUnique({
        where: { requestId_approverId: { requestId: args.requestId, approverId: args.user.id } },
        select: { expiresAt: true },
      })
    : null;
  if (!link) throw new AppError("not_found", "No such request.");
  if (link.expiresAt <= deps.now()) throw new AppError("conflict", "The time to decide on this request is over: PIM's 24-hour approval window has closed.");
}
