/**
 * The browser side of the emulated sign-in: discovery, the account picker, response modes, prompt=none,
 * step-up claims, code expiry and logout.
 */
import type { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signInViaForm, startTestEmulator, type TestEmulator } from "../support/emulator";

const graphScope = "https://graph.microsoft.com/User.Read";
let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => emu.reset());

function authorizeUrl(params: Record<string, string> = {}): string {
  const url = new URL(`${emu.url}/${emu.tenantId}/oauth2/v2.0/authorize`);
  const defaults = {
    client_id: emu.app().appId,
    redirect_uri: emu.redirectUri(),
    response_type: "code",
    scope: `${graphScope} openid profile offline_access`,
    state: "st-1",
    code_challenge: "c".repeat(43),
    code_challenge_method: "plain",
  };
  for (const [k, v] of Object.entries({ ...defaults, ...params })) url.searchParams.set(k, v);
  return url.toString();
}

async function redeem(code: string, msal: ConfidentialClientApplication = emu.msal()) {
  return msal.acquireTokenByCode({ code, scopes: [graphScope], redirectUri: emu.redirectUri(), codeVerifier: "c".repeat(43) });
}

describe("discovery", () => {
  it("publishes an OpenID configuration whose issuer is on the emulator's own origin", async () => {
    const doc = (await (await fetch(`${emu.url}/${emu.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(doc.issuer).toBe(`${emu.url}/${emu.tenantId}/v2.0`);
    expect(doc.token_endpoint).toBe(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`);
    expect(doc.jwks_uri).toBe(`${emu.url}/${emu.tenantId}/discovery/v2.0/keys`);
  });

  it("answers an unknown tenant with AADSTS90002", async () => {
    const res = await fetch(`${emu.url}/00000000-0000-4000-8000-000000000000/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
  });

  it("serves instance discovery naming the emulator host", async () => {
    const doc = (await (await fetch(`${emu.url}/common/discovery/instance?api-version=1.1`)).json()) as { metadata: { aliases: string[] }[] };
    expect(doc.metadata[0]?.aliases).toEqual([new URL(emu.url).host]);
  });

  it("tells a GET on the token endpoint that only POST is accepted", async () => {
    const res = await fetch(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`);
    expect(res.status).toBe(405);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_request");
  });
});

describe("account picker", () => {
  it("lists the seeded users with role hints and preselects the login_hint", async () => {
    const html = await (await fetch(authorizeUrl({ login_hint: "p01@contoso.example" }))).text();
    expect(html).toContain("Nora Requester");
    expect(html).toMatch(/data-upn="p01@contoso.example" autofocus/);
    expect(html.indexOf("p01@contoso.example")).toBeLessThan(html.indexOf("n01@contoso.example"));
    expect(html).toMatch(/approver/);
  });

  it("shows AADSTS700016 for an unknown client id", async () => {
    const res = await fetch(authorizeUrl({ client_id: "00000000-0000-4000-8000-00000000dead" }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("AADSTS700016");
  });

  it("echoes state and adds session_state on the redirect", async () => {
    const result = await signInViaForm(authorizeUrl(), "n01@contoso.example");
    expect(result.state).toBe("st-1");
    expect(result.redirectUrl.searchParams.get("session_state")).toBeTruthy();
  });

  it("delivers the code with response_mode=form_post as an auto-submitting form", async () => {
    const result = await signInViaForm(authorizeUrl({ response_mode: "form_post" }), "n01@contoso.example");
    expect(result.redirectUrl.toString()).toBe(emu.redirectUri());
    expect(result.state).toBe("st-1");
    const tokens = await redeem(result.code ?? "");
    expect(tokens.account?.username).toBe("n01@contoso.example");
  });

  it("omits nonce from the ID token when the authorize request had none", async () => {
    const result = await signInViaForm(authorizeUrl(), "n01@contoso.example");
    const tokens = await redeem(result.code ?? "");
    expect(decodeJwt(tokens.idToken).nonce).toBeUndefined();
  });
});

describe("prompt=none, step-up and expiry", () => {
  it("returns login_required without a session, and a code when the browser already signed in", async () => {
    const silent = await fetch(authorizeUrl({ prompt: "none" }), { redirect: "manual" });
    expect(new URL(silent.headers.get("location") ?? "").searchParams.get("error")).toBe("login_required");

    const page = await (await fetch(authorizeUrl())).text();
    const fields = new URLSearchParams([...page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1] ?? "", (m[2] ?? "").replace(/&#(\d+);/g, (_x, n: string) => String.fromCharCode(Number(n)))]));
    fields.set("login_upn", "n01@contoso.example");
    const signIn = await fetch(authorizeUrl(), { method: "POST", body: fields, redirect: "manual" });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/=/);
    const again = await fetch(authorizeUrl({ prompt: "none" }), { redirect: "manual", headers: { cookie } });
    expect(new URL(again.headers.get("location") ?? "").searchParams.get("code")).toBeTruthy();
  });

  it("marks an acrs claims challenge as satisfied in the access token", async () => {
    const claims = JSON.stringify({ access_token: { acrs: { essential: true, value: "c1" } } });
    const result = await signInViaForm(authorizeUrl({ claims }), "n01@contoso.example");
    const tokens = await redeem(result.code ?? "");
    expect(decodeJwt(tokens.accessToken).acrs).toEqual(["c1"]);
  });

  it("rejects a code redeemed after 10 minutes with AADSTS70008", async () => {
    const result = await signInViaForm(authorizeUrl(), "n01@contoso.example");
    await emu.hooks.advanceClock(11 * 60);
    const err = (await redeem(result.code ?? "").catch((e: unknown) => e)) as { errorCode: string; errorMessage: string };
    expect(err.errorCode).toBe("invalid_grant");
    expect(err.errorMessage).toContain("AADSTS70008");
  });
});

describe("logout", () => {
  it("redirects to a registered post-logout URI (any localhost port) and shows a page otherwise", async () => {
    const base = `${emu.url}/${emu.tenantId}/oauth2/v2.0/logout`;
    const registered = await fetch(`${base}?post_logout_redirect_uri=${encodeURIComponent("http://localhost:5173/")}`, { redirect: "manual" });
    expect(registered.status).toBe(302);
    expect(registered.headers.get("location")).toBe("http://localhost:5173/");
    const foreign = await fetch(`${base}?post_logout_redirect_uri=${encodeURIComponent("https://evil.example/")}`, { redirect: "manual" });
    expect(foreign.status).toBe(200);
    expect(await foreign.text()).toContain("signed out");
  });
});
