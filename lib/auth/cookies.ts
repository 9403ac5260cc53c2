/**
 * Cookie names and attributes in one place. On https the names carry the `__Host-` prefix: browsers then
 * insist on Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite our cookies.
 * Plain http is only for localhost development, where Secure cookies would not be sent back.
 */
export interface CookieOptions {
  httpOnly: true;
  secure: boolean;
  sameSite: "lax";
  path: "/";
  maxAge?: number;
}

/** The subset of Next's `cookies()` store we use; a plain object implements it in tests. */
export interface CookieJar {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options: CookieOptions): unknown;
}

export interface CookieSpec {
  name: string;
  options: CookieOptions;
}

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
export const SIGN_IN_STATE_MAX_AGE_SECONDS = 10 * 60;

function isHttps(appUrl: string): boolean {
  return new URL(appUrl).protocol === "https:";
}

function spec(baseName: string, appUrl: string, maxAge: number): CookieSpec {
  const secure = isHttps(appUrl);
  return {
    name: secure ? `__Host-${baseName}` : baseName,
    // SameSite=Lax (not Strict): the browser must send them on the top-level redirect back from Entra.
    options: { httpOnly: true, secure, sameSite: "lax", path: "/", maxAge },
  };
}

export function sessionCookie(appUrl: string): CookieSpec {
  return spec("jit_session", appUrl, SESSION_MAX_AGE_SECONDS);
}

export function signInStateCookie(appUrl: string): CookieSpec {
  return spec("jit_signin", appUrl, SIGN_IN_STATE_MAX_AGE_SECONDS);
}

/**
 * Deletes a cookie by overwriting it with an expired one carrying the same attributes: a `__Host-` cookie is only
 * replaced by a Set-Cookie that is itself Secure with Path=/, which a bare `delete(name)` does not guarantee.
 */
export function clearCookie(jar: CookieJar, cookie: CookieSpec): void {
  jar.set(cookie.name, "", { ...cookie.options, maxAge: 0 });
}
