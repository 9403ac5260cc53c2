import { redirect } from "next/navigation";
import { cache } from "react";
import { getSession } from "./session";

/**
 * The signed-in user for server components, server actions and route handlers. `id` is the Entra object id (oid),
 * the only identifier used for authorization; upn/displayName/email are for display.
 */
export interface CurrentUser {
  id: string;
  upn: string;
  displayName: string;
  email: string | null;
  homeAccountId: string;
  /** sessions.id (the SHA-256 of the cookie token, never the token). */
  sessionId: string;
  /** Per-session secret for CSRF tokens on state-changing forms. */
  csrfSecret: string;
}

/** Null when signed out. Cached per request, so a layout and its page share one lookup. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getSession();
  if (!session) return null;
  return {
    id: session.user.id,
    upn: session.user.upn,
    displayName: session.user.displayName,
    email: session.user.email,
    homeAccountId: session.homeAccountId,
    sessionId: session.id,
    csrfSecret: session.csrfSecret,
  };
});

export function loginUrl(returnToPath: string): string {
  return `/api/auth/login?returnTo=${encodeURIComponent(returnToPath)}`;
}

/** The signed-in user, or a redirect to sign-in that comes back to `returnToPath` (validated again at login). */
export async function requireUser(returnToPath: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(returnToPath));
  return user;
}
