import { describe, expect, it } from "vitest";
import { SignInFailure, beginSignIn, completeSignIn } from "@/lib/auth/sign-in";
import { describeSignInError } from "@/lib/auth/sign-in-error";
import { destroySession, getSession } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { graphScope } from "@/lib/entra/scopes";
import { getAppAccessToken, getUserAccessToken, removeUserTokens } from "@/lib/entra/tokens";
import { signInViaForm } from "../../support/emulator";
import { setupTestDatabase } from "../../support/db";
import { APP_URL, MemoryCookieJar, setupAuthEnvironment, withEnv } from "./auth-env";

const testDb = setupTestDatabase();
const ctx = setupAuthEnvironment();
const N01 = { upn: "n01@contoso.example", oid: "5e4d3c2b-0000-4000-8000-00000000c001" };
const userRead = graphScope("User.Read");

/** Drives a whole browser sign-in: our login step, the emulator's account picker, our callback step. */
async function signIn(upn: string, opts: { returnTo?: string; jar?: MemoryCookieJar } = {}) {
  const jar = opts.jar ?? new MemoryCookieJar();
  const authorizeUrl = await beginSignIn({ returnTo: opts.returnTo ?? "/", jar });
  const answer = await signInViaForm(authorizeUrl, upn);
  expect(answer.redirectUrl.origin + answer.redirectUrl.pathname).toBe(`${APP_URL}/api/auth/callback`);
  const completed = await completeSignIn({ query: answer.redirectUrl.searchParams, meta: { ip: "127.0.0.1", userAgent: "vitest" }, jar });
  return { jar, completed, authorizeUrl };
}

async function expectSignInFailure(p: Promise<unknown>): Promise<SignInFailure> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof SignInFailure)) throw new Error(`expected a SignInFailure, got ${String(e)}`);
  return e;
}

async function expectAppError(p: Promise<unknown>, code: string) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected AppError(${code}), got ${String(e)}`);
  expect(e.code).toBe(code);
  return e;
}

describe("sign-in", () => {
  it("asks Entra for our scopes with PKCE, state, nonce and select_account, and remembers them in a sealed cookie", async () => {
    const jar = new MemoryCookieJar();
    const url = new URL(await beginSignIn({ returnTo: "/approvals/42", jar }));
    expect(url.origin + url.pathname).toBe(`${ctx().emulator.url}/${ctx().emulator.tenantId}/oauth2/v2.0/authorize`);
    const q = url.searchParams;
    expect(q.get("redirect_uri")).toBe(`${APP_URL}/api/auth/callback`);
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("prompt")).toBe("select_account");
    expect(q.get("scope")?.split(" ")).toEqual(
      expect.arrayContaining([userRead, graphScope("PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"), "openid", "offline_access"]),
    );
    const cookie = jar.writes.find((w) => w.name === "jit_signin");
    expect(cookie?.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", maxAge: 600 });
    // state, nonce and verifier never appear in clear in the cookie
    expect(cookie?.value).not.toContain(q.get("state") ?? "??");
    expect(Buffer.from(cookie?.value ?? "", "base64url").toString("latin1")).not.toContain(q.get("nonce") ?? "??");
  });

  it("signs a user in: records the user, starts a session, stores the token cache, returns to the page asked for", async () => {
    const { jar, completed } = await signIn(N01.upn, { returnTo: "/requests/new?target=aks-prod" });
    expect(completed.redirectTo).toBe("/requests/new?target=aks-prod");
    expect(completed.homeAccountId).toBe(`${N01.oid}.${ctx().emulator.tenantId}`);
    const { db } = testDb();
    expect(await db.user.findUnique({ where: { id: N01.oid } })).toMatchObject({ upn: N01.upn, email: N01.upn, tenantId: ctx().emulator.tenantId });
    expect(await db.tokenCacheEntry.findUnique({ where: { homeAccountId: completed.homeAccountId } })).not.toBeNull();
    const session = await getSession({ jar });
    expect(session).toMatchObject({ homeAccountId: completed.homeAccountId, user: { id: N01.oid, upn: N01.upn } });
    // the sign-in state cookie is single-use
    expect(jar.get("jit_signin")).toBeUndefined();
  });

  it("rotates the session: signing in again deletes the session the browser presented", async () => {
    const first = await signIn(N01.upn);
    const before = await getSession({ jar: first.jar });
    const second = await signIn(N01.upn, { jar: first.jar });
    const after = await getSession({ jar: second.jar });
    expect(after?.id).not.toBe(before?.id);
    expect(await testDb().db.session.findUnique({ where: { id: before?.id ?? "" } })).toBeNull();
  });

  it("refuses a callback whose state is not the one we sent", async () => {
    const jar = new MemoryCookieJar();
    const authorizeUrl = await beginSignIn({ returnTo: "/", jar });
    const answer = await signInViaForm(authorizeUrl, N01.upn);
    const query = new URLSearchParams(answer.redirectUrl.searchParams);
    query.set("state", "forged-state");
    expect((await expectSignInFailure(completeSignIn({ query, meta: {}, jar }))).code).toBe("state_mismatch");
  });

  it("refuses a callback when the sign-in cookie is missing (expired, or another browser)", async () => {
    const authorizeUrl = await beginSignIn({ returnTo: "/", jar: new MemoryCookieJar() });
    const answer = await signInViaForm(authorizeUrl, N01.upn);
    const e = await expectSignInFailure(completeSignIn({ query: answer.redirectUrl.searchParams, meta: {}, jar: new MemoryCookieJar() }));
    expect(e.code).toBe("sign_in_expired");
  });

  it("turns an error redirect from Entra into its AADSTS code and correlation id", async () => {
    const jar = new MemoryCookieJar();
    await beginSignIn({ returnTo: "/", jar });
    const query = new URLSearchParams({
      error: "access_denied",
      error_description: "AADSTS65004: User declined to consent.\r\nTrace ID: x\r\nCorrelation ID: 6f1c2b3a-0000-4000-8000-000000000002\r\n",
      state: "whatever",
    });
    const e = await expectSignInFailure(completeSignIn({ query, meta: {}, jar }));
    expect(e.code).toBe("AADSTS65004");
    expect(e.correlationId).toBe("6f1c2b3a-0000-4000-8000-000000000002");
  });

  it("explains a wrong client secret (invalid_client, AADSTS7000215) instead of failing obscurely", async () => {
    const secret = ctx().emulator.app().secrets[0]?.value ?? "";
    await withEnv("AZURE_CLIENT_SECRET", "definitely-not-the-secret", secret, async () => {
      const jar = new MemoryCookieJar();
      const authorizeUrl = await beginSignIn({ returnTo: "/", jar });
      const answer = await signInViaForm(authorizeUrl, N01.upn);
      const e = await expectSignInFailure(completeSignIn({ query: answer.redirectUrl.searchParams, meta: {}, jar }));
      expect(e.code).toBe("AADSTS7000215");
      expect(describeSignInError(e.code).message).toBe(
        "This app's credentials were rejected by Microsoft Entra ID. An administrator must update AZURE_CLIENT_SECRET (AADSTS7000215).",
      );
      expect(await getSession({ jar })).toBeNull();
    });
  });
});

describe("tokens for the rest of the app", () => {
  it("getUserAccessToken returns a delegated token Graph accepts, from any fresh client (no shared memory)", async () => {
    const { completed } = await signIn(N01.upn);
    const token = await getUserAccessToken(completed.homeAccountId, [userRead]);
    const me = (await ctx().emulator.graph(token).api("/me").get()) as { id: string; userPrincipalName: string };
    expect(me).toMatchObject({ id: N01.oid, userPrincipalName: N01.upn });
    // A second call hits the cache: the same token, no new grant.
    expect(await getUserAccessToken(completed.homeAccountId, [userRead])).toBe(token);
    // Bypassing the cached access token redeems the refresh token for a new one.
    const refreshed = await getUserAccessToken(completed.homeAccountId, [userRead], { forceRefresh: true });
    expect(refreshed).not.toBe(token);
  });

  it("throws reauth_required once Entra revoked the user's sessions and the cached access token is bypassed", async () => {
    const { completed } = await signIn(N01.upn);
    await getUserAccessToken(completed.homeAccountId, [userRead]);
    const admin = ctx().emulator.graph(await ctx().emulator.appToken("graph"));
    await admin.api(`/users/${N01.oid}/revokeSignInSessions`).post({});
    // Like Entra, an access token already issued keeps working until it expires...
    await expect(getUserAccessToken(completed.homeAccountId, [userRead])).resolves.toBeTypeOf("string");
    // ...but the refresh token is dead.
    const e = await expectAppError(getUserAccessToken(completed.homeAccountId, [userRead], { forceRefresh: true }), "reauth_required");
    expect(e.httpStatus).toBe(401);
  });

  it("throws reauth_required for an account that has no token cache (never signed in, or signed out)", async () => {
    await expectAppError(getUserAccessToken(`00000000-0000-4000-8000-000000000000.${ctx().emulator.tenantId}`, [userRead]), "reauth_required");
    const { completed, jar } = await signIn(N01.upn);
    const ended = await destroySession({ jar });
    expect(ended?.homeAccountId).toBe(completed.homeAccountId);
    await removeUserTokens(completed.homeAccountId);
    await expectAppError(getUserAccessToken(completed.homeAccountId, [userRead]), "reauth_required");
    expect(await getSession({ jar })).toBeNull();
  });

  it("getAppAccessToken returns app-only tokens for Graph and ARM", async () => {
    const graph = await getAppAccessToken("graph");
    const users = (await ctx().emulator.graph(graph).api(`/users/${N01.oid}`).get()) as { id: string };
    expect(users.id).toBe(N01.oid);
    expect(await getAppAccessToken("arm")).toMatch(/^eyJ/);
  });

  it("getAppAccessToken reports a rejected secret as a configuration problem with the AADSTS explanation", async () => {
    const secret = ctx().emulator.app().secrets[0]?.value ?? "";
    await withEnv("AZURE_CLIENT_SECRET", "wrong-secret", secret, async () => {
      const e = await expectAppError(getAppAccessToken("graph"), "misconfigured");
      expect(e.userMessage).toContain("AZURE_CLIENT_SECRET (AADSTS7000215)");
    });
  });
});
