/**
 * The one application error. Use cases throw it; route handlers, server actions and pages map it to an
 * HTTP status and a message a person can act on (`httpStatus`, `userMessage`). Anything else that escapes
 * is a bug and is shown as a generic 500 without details.
 */
export type AppErrorCode =
  | "bad_request" // input failed validation; `fields` says which
  | "unauthenticated" // no (valid) session
  | "reauth_required" // the session is fine but Entra wants an interactive sign-in (expired/revoked refresh token, claims challenge)
  | "forbidden" // signed in, not allowed
  | "not_found" // does not exist, or the caller may not know it exists (no IDOR oracle)
  | "conflict" // state changed under the caller (already decided, already active, not pending any more)
  | "rate_limited"
  | "upstream" // Microsoft Graph / ARM / Entra failed in a way the user cannot fix
  | "misconfigured"; // the deployment is set up wrongly (e.g. PIM policy does not require approval)

const httpStatus: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  reauth_required: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  upstream: 502,
  misconfigured: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** Safe to show to the signed-in user: no tokens, no stack, no internals. */
    readonly userMessage: string,
    readonly options: {
      /** Per-field validation messages, keyed by form field name. */
      fields?: Record<string, string>;
      /** Seconds, for rate_limited / retryable upstream errors. */
      retryAfterSeconds?: number;
      /** Extra structured details for logs (never secrets). */
      details?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(userMessage, { cause: options.cause });
    this.name = "AppError";
  }

  get httpStatus(): number {
    return httpStatus[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
