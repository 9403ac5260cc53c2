"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { isValidCsrfToken } from "@/lib/auth/csrf";
import { requestMeta } from "@/lib/auth/request-meta";
import { requireAuditor } from "@/lib/auth/require-auditor";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { runAuditVerification, type VerificationReport } from "@/lib/history/run-verification";
import { log } from "@/lib/log";
import { rateLimits } from "@/lib/security/rate-limit-policies";
import { enforceActionRateLimits } from "@/app/requests/_lib/action-kit";
import { VERIFY_CSRF_PURPOSE } from "./csrf-purpose";

export type VerifyState = { status: "idle" } | { status: "done"; report: VerificationReport } | { status: "error"; message: string };

/**
 * POST from the audit page: auditors only (checked again here), CSRF-checked, rate limited (a run reads the whole log),
 * then the whole chain is verified.
 */
export async function verifyAction(_previous: VerifyState, formData: FormData): Promise<VerifyState> {
  const auditor = await requireAuditor("/audit");
  if (!isValidCsrfToken(auditor, VERIFY_CSRF_PURPOSE, formData.get("csrf"))) {
    return { status: "error", message: "This form has expired or was not sent from this page. Reload the page and try again." };
  }
  try {
    await enforceActionRateLimits(rateLimits.verifyAudit, auditor);
  } catch (e) {
    if (isAppError(e) && e.code === "rate_limited") return { status: "error", message: e.userMessage };
    throw e;
  }
  try {
    const report = await runAuditVerification({ db, now: () => new Date() }, { auditor, meta: requestMeta(await headers()) });
    // "Last recorded verification" on the page is this run now.
    revalidatePath("/audit");
    return { status: "done", report };
  } catch (e) {
    unstable_rethrow(e);
    log.error("audit verification failed", { error: e });
    return { status: "error", message: "The verification could not run (the database did not answer). Try again later." };
  }
}
