import { createHmac } from "node:crypto";
import { safeEqual } from "@/lib/crypto";
import type { CurrentUser } from "./require-user";

/**
 * CSRF tokens for state-changing forms (approve/deny, cancel, deactivate). SameSite=Lax already keeps the session
 * cookie off cross-site POSTs; this is the second, explicit check design.md asks for. A token is an HMAC of the
 * form's purpose under the session's own secret: it needs no storage, dies with the session, and a token minted
 * for one form (or one session) is worthless for another.
 */
type CsrfSubject = Pick<CurrentUser, "csrfSecret" | "sessionId">;

export function csrfToken(user: CsrfSubject, purpose: string): string {
  return createHmac("sha256", user.csrfSecret).update(`csrf:v1:${user.sessionId}:${purpose}`).digest("base64url");
}

export function isValidCsrfToken(user: CsrfSubject, purpose: string, token: unknown): boolean {
  return typeof token === "string" && token.length > 0 && token.length <= 128 && safeEqual(token, csrfToken(user, purpose));
}
