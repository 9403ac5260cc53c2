/**
 * Interactive use cases turn a failed Graph call into the one AppError the pages know how to show.
 */
import { mapPimError, type MapContext, type PimError } from "@/lib/entra/pim-errors";
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

export function pimFailureToAppError(m: PimError, cause?: unknown): AppError {
  const details = { code: m.code, kind: m.kind, status: m.status, rules: m.rules, claims: m.claims };
  switch (m.kind) {
    case "policy":
      return new AppError("bad_request", m.userMessage, { cause, details });
    case "mfa_required":
    case "auth_context":
      return new AppError("reauth_required", m.userMessage, { cause, details });
    case "permission":
      return new AppError("forbidden", m.userMessage, { cause, details });
    case "not_found":
      return new AppError("not_found", m.userMessage, { cause, details });
    case "already_active":
    case "pending_exists":
    case "conflict":
    case "too_soon":
      return new AppError("conflict", m.userMessage, { cause, details });
    case "throttled":
      return new AppError("rate_limited", m.userMessage, { cause, details, retryAfterSeconds: m.retryAfterSeconds });
    default:
      return new AppError("upstream", m.userMessage, { cause, details });
  }
}

/** Rethrows AppErrors (e.g. reauth_required from the token layer) as they are; maps Graph errors. */
export function toAppError(e: unknown, context: string, ctx?: MapContext): AppError {
  if (isAppError(e)) return e;
  const m = mapPimError(e, ctx);
  if (m.kind === "unknown") log.error(`${context} failed`, { error: e });
  return pimFailureToAppError(m, e);
}
