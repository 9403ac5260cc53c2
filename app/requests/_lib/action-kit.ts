/**
 * The checklist every server action of the requester and approver pages runs through: re-authenticate, check
 * the CSRF token against the session, collect the audit metadata, apply the rate limits; and one mapping from
 * errors to what the form shows. Server-side only (imported by "use server" modules and pages).
 */
import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { isValidCsrfToken } from "@/lib/auth/csrf";
import { requestMeta } from "@/lib/auth/request-meta";
import { loginUrl, requireUser, type CurrentUser } from "@/lib/auth/require-user";
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { RequestMeta } from "@/lib/requests/deps";
import { clientIp } from "@/lib/security/client-ip";
import { enforceRateLimits, type RateLimitRule } from "@/lib/security/rate-limit";
import type { FormState } from "./form-state";

export async function authenticateAction(
  formData: FormData,
  a: { returnTo: string; csrfPurpose: string },
): Promise<{ user: CurrentUser; meta: RequestMeta }> {
  const user = await requireUser(a.returnTo);
  if (!isValidCsrfToken(user, a.csrfPurpose, formData.get("csrf"))) {
    throw new AppError("forbidden", "This form has expired or was not sent from this page. Reload the page and try again.");
  }
  return { user, meta: requestMeta(await headers()) };
}

/**
 * The rate limits of a state-changing form (lib/security/rate-limit-policies.ts), per person and per client
 * address: called once session, CSRF token and fields are checked, right before the use case. A person fixing a
 * typo is not counted; a refused attempt never reaches PIM nor changes a row. A refusal is logged, not audited
 * (like a refused sign-in): it is no event in a request's life, and an audit row per refused attempt would let a
 * flood grow the append-only, one-at-a-time audit log — the very thing the limit is there to stop.
 */
export async function enforceActionRateLimits(rules: (userId: string, ip: string) => RateLimitRule[], user: CurrentUser): Promise<void> {
  const ip = clientIp(await headers());
  try {
    await enforceRateLimits(rules(user.id, ip));
  } catch (e) {
    if (isAppError(e) && e.code === "rate_limited") log.warn("form action rate limited", { userId: user.id, ip, limits: e.options.details?.keys });
    throw e;
  }
}

/**
 * What the form shows for a failure. An expired Microsoft sign-in goes to sign-in and comes back; an AppError's
 * message (and per-field messages) is safe to show — for rate_limited it says when to try again; anything else
 * is logged and shown without details.
 */
export function formFailure(e: unknown, returnTo: string): FormState {
  unstable_rethrow(e);
  if (isAppError(e)) {
    if (e.code === "reauth_required" || e.code === "unauthenticated") redirect(loginUrl(returnTo));
    if (e.code === "upstream" || e.code === "misconfigured") log.warn("form action failed", { code: e.code, error: e });
    return { status: "error", message: e.userMessage, fields: e.options.fields ?? {} };
  }
  log.error("form action failed unexpectedly", { error: e });
  return { status: "error", message: "That did not work, and we could not tell why. Reload the page to see the current state, then try again.", fields: {} };
}

/** Zod issues → one message per form field (the first one). */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[String(issue.path[0] ?? "form")] ??= issue.message;
  return fields;
}
