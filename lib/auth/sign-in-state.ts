import { z } from "zod";
import { SealError, open, seal } from "@/lib/crypto";
import { loadEnv } from "@/lib/env";
import { type CookieJar, SIGN_IN_STATE_MAX_AGE_SECONDS, clearCookie, signInStateCookie } from "./cookies";
import { requestCookies } from "./request-cookies";

/**
 * What the login route must remember until Entra redirects back: the PKCE verifier, the `state` we check against
 * the callback (CSRF on the redirect), the `nonce` the ID token must echo, and where to go afterwards. It rides in
 * a sealed, httpOnly cookie rather than a server table, so an abandoned sign-in leaves nothing behind and any
 * replica can finish it. The issue time is inside the seal: an old cookie is refused even if a browser kept it.
 */
export interface SignInState {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

const payload = z.object({
  verifier: z.string().min(43).max(128),
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  returnTo: z.string().startsWith("/").max(2048),
  iat: z.number().int(),
});

export function encodeSignInState(state: SignInState, now = new Date(), keyMaterial?: string): string {
  const body = JSON.stringify({ ...state, iat: Math.floor(now.getTime() / 1000) });
  return seal("sign-in-state", body, keyMaterial).toString("base64url");
}

/** The state, or null when the value is not ours, tampered with, malformed, or older than 10 minutes. */
export function decodeSignInState(value: string | undefined, now = new Date(), keyMaterial?: string): SignInState | null {
  if (!value || value.length > 8192) return null;
  let json: string;
  try {
    json = open("sign-in-state", Buffer.from(value, "base64url"), keyMaterial);
  } catch (e) {
    if (e instanceof SealError) return null;
    throw e;
  }
  const parsed = payload.safeParse(JSON.parse(json));
  if (!parsed.success) return null;
  const age = Math.floor(now.getTime() / 1000) - parsed.data.iat;
  // A little negative age is clock skew between replicas; a lot is not ours.
  if (age > SIGN_IN_STATE_MAX_AGE_SECONDS || age < -60) return null;
  const { verifier, state, nonce, returnTo } = parsed.data;
  return { verifier, state, nonce, returnTo };
}

export async function saveSignInState(state: SignInState, jar?: CookieJar): Promise<void> {
  const cookie = signInStateCookie(loadEnv().APP_URL);
  (jar ?? (await requestCookies())).set(cookie.name, encodeSignInState(state), cookie.options);
}

/** Reads and always clears the sign-in state: it is single-use. */
export async function takeSignInState(jar?: CookieJar): Promise<SignInState | null> {
  const store = jar ?? (await requestCookies());
  const cookie = signInStateCookie(loadEnv().APP_URL);
  const value = store.get(cookie.name)?.value;
  if (value !== undefined) clearCookie(store, cookie);
  return decodeSignInState(value);
}
