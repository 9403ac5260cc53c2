import { isAuditor } from "@/lib/auth/require-auditor";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

/**
 * Runs a request query as the user, and — only if that says "not found" — once more as an auditor when the
 * user is one (auditors may see every request). Owners and routed approvers never cost a Graph call this way.
 * Returns null for "not found", so the page can show the same 404 as for an id that does not exist.
 */
export async function asViewer<T>(userId: string, query: (isAuditor: boolean) => Promise<T>): Promise<T | null> {
  try {
    return await query(false);
  } catch (e) {
    if (!isAppError(e) || e.code !== "not_found") throw e;
  }
  let auditor = false;
  try {
    auditor = await isAuditor(userId);
  } catch (e) {
    log.warn("auditor check failed; treating the user as not an auditor", { error: e });
  }
  if (!auditor) return null;
  try {
    return await query(true);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") return null;
    throw e;
  }
}
