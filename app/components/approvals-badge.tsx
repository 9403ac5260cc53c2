import { unstable_rethrow } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/require-user";
import { log } from "@/lib/log";
import { countWaitingApprovals } from "@/lib/requests/count-waiting-approvals";
import { appDeps } from "@/lib/requests/deps";

/** The number of requests waiting for the signed-in approver, next to "Approvals" in the header. */
export async function ApprovalsBadge() {
  let count = 0;
  try {
    const user = await getCurrentUser();
    if (!user) return null;
    count = await countWaitingApprovals(appDeps(), { user });
  } catch (e) {
    // A badge is not worth an error page.
    unstable_rethrow(e);
    log.warn("could not count waiting approvals", { error: e });
    return null;
  }
  if (count === 0) return null;
  return (
    <span
      className="inline-flex min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs leading-5 font-semibold text-white"
      data-testid="approvals-badge"
      data-count={count}
    >
      {count > 99 ? "99+" : count}
      <span className="sr-only"> waiting for your decision</span>
    </span>
  );
}
