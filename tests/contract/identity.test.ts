/**
 * The emulated Entra sign-in service through the real msal-node and Graph SDKs over HTTPS.
 */
import { createHash, generateKeyPairSync } from "node:crypto";
import { type ServerError, type AuthError } from "@azure/msal-node";
import { GraphError } from "@microsoft/microsoft-graph-client";
import { createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT, exportJWK } from "jose";
import forge from "node-forge";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultFixturePath, readFixtureFile } from "@/emulator/core/fixture";
import type { TenantFixture } from "@/emulator/core/types";
import { signInViaForm, startTestEmulator, type TestEmulator } from "../support/emulator";

const nora = { upn: "n01@contoso.example", oid: "5e4d3c2b-0000-4000-8000-00000000c001" };
const graphScope = "https://graph.microsoft.com/User.Read";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => {
  // Some tests load a fixture variant; every test starts from the seeded tenant.
  emu.loadFixture(readFixtureFile(defaultFixturePath));
});

async function authorizeUrl(overrides: Record<string, string> = {}): Promise<string> {
  const url = new URL(
    await emu.msal().getAuthCodeUrl({ scopes: [graphScope], redirectUri: emu.redirectUri(), codeChallenge: "x".repeat(43), codeChallengeMethod: "plain" }),
  );
  for (const [k, v] of Object.entries(overrides)) url.searchParams.set(k, v);
  return url.toString();
}

async function expectMsalError(p: Promise<unknown>): Promise<AuthError> {
  try {
    await p;
  } catch (err) {
    return err as AuthError;
  }
  throw new Error("expected the call to fail");
}

function selfSignedCert(): { certPem: string; keyPem: string; sha256Hex: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = "0a";
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: "commonName", value: "jit-app" }]);
  cert.setIssuer([{ name: "commonName", value: "jit-app" }]);
  cert.sign(key, forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), "binary");
  return { certPem: forge.pki.certificateToPem(cert), keyPem, sha256Hex: createHash("sha256").update(der).digest("hex") };
}

function fixtureWith(patch: (app: TenantFixture["applications"][number]) => void): TenantFixture {
  const fixture = structuredClone(emu.core.currentFixture());
  const app = fixture.applications[0];
  if (!app) throw new Error("no app");
  patch(app);
  return fixture;
}

describe("authorization code + PKCE sign-in", () => {
  it("yields an account for the chosen user and an ID token verifiable against the JWKS, carrying the nonce", async () => {
    const { account, idToken } = await emu.userToken(nora.upn, [graphScope]);
    expect(account.username).toBe(nora.upn);
    expect(account.localAccountId).toBe(nora.oid);
    expect(account.homeAccountId).toBe(`${nora.oid}.${emu.tenantId}`);
    const jwks = createRemoteJWKSet(new URL(`${emu.url}/${emu.tenantId}/discovery/v2.0/keys`));
    const { payload, protectedHeader } = await jwtVerify(idToken, jwks, { issuer: `${emu.url}/${emu.tenantId}/v2.0`, audience: emu.app().appId });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload.oid).toBe(nora.oid);
    expect(payload.preferred_username).toBe(nora.upn);
    expect(typeof payload.nonce).toBe("string");
  });

  it("issues a delegated Graph access token with short scp names, mfa amr and the user's oid", async () => {
    const { accessToken } = await emu.userToken(nora.upn, [graphScope]);
    const claims = decodeJwt(accessToken);
    expect(claims.aud).toBe("https://graph.microsoft.com");
    expect(claims.iss).toBe(`https://sts.windows.net/${emu.tenantId}/`);
    expect(claims.idtyp).toBe("user");
    expect(claims.oid).toBe(nora.oid);
    expect(String(claims.scp).split(" ")).toContain("User.Read");
    expect(claims.amr).toEqual(["pwd", "mfa"]);
    expect(claims.appid).toBe(emu.app().appId);
  });

  it("serves acquireTokenSilent from the cache, and forceRefresh redeems the refresh token", async () => {
    const { account, msal, accessToken } = await emu.userToken(nora.upn, [graphScope]);
    const cached = await msal.acquireTokenSilent({ account, scopes: [graphScope] });
    expect(cached.fromCache).toBe(true);
    expect(cached.accessToken).toBe(accessToken);
    const refreshed = await msal.acquireTokenSilent({ account, scopes: [graphScope], forceRefresh: true });
    expect(refreshed.fromCache).toBe(false);
    expect(refreshed.accessToken).not.toBe(accessToken);
    expect(decodeJwt(refreshed.accessToken).oid).toBe(nora.oid);
  });

  it("shows an AADSTS50011 error page, without redirecting, for an unregistered redirect URI", async () => {
    const res = await fetch(await authorizeUrl({ redirect_uri: "https://evil.example/callback" }), { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("AADSTS50011");
  });

  it("accepts a localhost redirect URI on any port, as Entra does", async () => {
    const result = await signInViaForm(await authorizeUrl({ redirect_uri: "http://localhost:4123/api/auth/callback" }), nora.upn);
    expect(result.redirectUrl.origin).toBe("http://localhost:4123");
    expect(result.code).toBeTruthy();
  });

  it("rejects a wrong PKCE verifier with AADSTS501481", async () => {
    const msal = emu.msal();
    const signIn = await signInViaForm(await authorizeUrl(), nora.upn);
    const err = await expectMsalError(
      msal.acquireTokenByCode({ code: signIn.code ?? "", scopes: [graphScope], redirectUri: emu.redirectUri(), codeVerifier: "y".repeat(43) }),
    );
    expect(err.errorCode).toBe("invalid_grant");
    expect(err.errorMessage).toContain("AADSTS501481");
  });

  it("rejects a second redemption of the same code with AADSTS54005", async () => {
    const msal = emu.msal();
    const signIn = await signInViaForm(await authorizeUrl(), nora.upn);
    const request = { code: signIn.code ?? "", scopes: [graphScope], redirectUri: emu.redirectUri(), codeVerifier: "x".repeat(43) };
    await msal.acquireTokenByCode(request);
    const err = await expectMsalError(emu.msal().acquireTokenByCode(request));
    expect(err.errorCode).toBe("invalid_grant");
    expect(err.errorMessage).toContain("AADSTS54005");
  });

  it("redirects with consent_required when a scope was never consented", async () => {
    const result = await fetch(await authorizeUrl({ scope: "https://graph.microsoft.com/Directory.ReadWrite.All openid" }), { redirect: "manual" });
    const location = new URL(result.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("consent_required");
    expect(location.searchParams.get("error_description")).toContain("AADSTS65001");
  });
});

describe("client credentials", () => {
  it("issues a Graph app token whose roles are the app's admin-consented application permissions", async () => {
    const claims = decodeJwt(await emu.appToken("graph"));
    expect(claims.aud).toBe("https://graph.microsoft.com");
    expect(claims.idtyp).toBe("app");
    expect(claims.oid).toBe(emu.app().servicePrincipalId);
    expect(claims.roles).toEqual(expect.arrayContaining(["Mail.Send", "GroupMember.Read.All", "User.RevokeSessions.All"]));
    expect(claims.scp).toBeUndefined();
  });

  it("issues an ARM token for https://management.azure.com/", async () => {
    const claims = decodeJwt(await emu.appToken("arm"));
    expect(claims.aud).toBe("https://management.azure.com/");
    expect(claims.oid).toBe(emu.app().servicePrincipalId);
  });

  it("answers a wrong client secret with invalid_client AADSTS7000215", async () => {
    const err = await expectMsalError(emu.msal({ clientSecret: "wrong" }).acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }));
    expect(err.errorCode).toBe("invalid_client");
    expect(err.errorMessage).toContain("AADSTS7000215");
    expect(String((err as ServerError).errorNo)).toBe("7000215");
  });

  it("accepts the secret via HTTP Basic (client_secret_basic) and refuses an expired secret with AADSTS7000222", async () => {
    const app = emu.app();
    const tokenUrl = `${emu.url}/${emu.tenantId}/oauth2/v2.0/token`;
    const basic = Buffer.from(`${app.appId}:${encodeURIComponent(app.secrets[0]?.value ?? "")}`).toString("base64");
    const ok = await fetch(tokenUrl, {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "https://graph.microsoft.com/.default" }),
    });
    expect(ok.status).toBe(200);
    emu.loadFixture(fixtureWith((a) => (a.secrets = [{ value: "old-secret", expiresAt: "2020-01-01T00:00:00Z" }])));
    const err = await expectMsalError(emu.msal({ clientSecret: "old-secret" }).acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }));
    expect(err.errorCode).toBe("invalid_client");
    expect(err.errorMessage).toContain("AADSTS7000222");
  });

  it("authenticates a certificate-signed client assertion (PS256, x5t#S256) and rejects an unregistered certificate", async () => {
    const registered = selfSignedCert();
    emu.loadFixture(fixtureWith((app) => (app.certificates = [registered.certPem])));
    const ok = await emu.msal({ clientCertificate: { thumbprintSha256: registered.sha256Hex, privateKey: registered.keyPem } }).acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    expect(decodeJwt(ok?.accessToken ?? "").appidacr).toBe("2");
    const stranger = selfSignedCert();
    const err = await expectMsalError(
      emu.msal({ clientCertificate: { thumbprintSha256: stranger.sha256Hex, privateKey: stranger.keyPem } }).acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }),
    );
    expect(err.errorCode).toBe("invalid_client");
    expect(err.errorMessage).toContain("AADSTS700027");
  });

  it("authenticates a federated (workload identity) assertion and rejects a wrong subject with AADSTS70021", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = { ...(await exportJWK(publicKey)), kid: "k8s-1" };
    const issuer = "https://oidc.emulated-aks.example/issuer/";
    const subject = "system:serviceaccount:aks-jit:aks-jit-access";
    emu.loadFixture(fixtureWith((app) => (app.federatedCredentials = [{ issuer, subject, audiences: ["api://AzureADTokenExchange"], jwks: [jwk] }])));
    const assertion = (sub: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "RS256", kid: "k8s-1" })
        .setIssuer(issuer)
        .setSubject(sub)
        .setAudience("api://AzureADTokenExchange")
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey);
    const good = await assertion(subject);
    const ok = await emu.msal({ clientAssertion: good }).acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    expect(decodeJwt(ok?.accessToken ?? "").appid).toBe(emu.app().appId);
    const bad = await assertion("system:serviceaccount:other:intruder");
    const err = await expectMsalError(emu.msal({ clientAssertion: bad }).acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }));
    expect(err.errorCode).toBe("invalid_client");
    expect(err.errorMessage).toContain("AADSTS70021");
  });
});

describe("Graph token checks and session revocation", () => {
  it("rejects a tampered access token with 401 InvalidAuthenticationToken", async () => {
    const token = await emu.appToken("graph");
    const [h, p, s] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
    claims.roles = ["Directory.ReadWrite.All"];
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`;
    const err = (await emu
      .graph(tampered)
      .api(`/users/${nora.oid}/revokeSignInSessions`)
      .post({})
      .catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err.statusCode).toBe(401);
    expect(err.code).toBe("InvalidAuthenticationToken");
  });

  it("revokeSignInSessions makes the user's next refresh fail with invalid_grant AADSTS50173", async () => {
    const { account, msal } = await emu.userToken(nora.upn, [graphScope]);
    const result = (await emu.graph(await emu.appToken("graph")).api(`/users/${nora.oid}/revokeSignInSessions`).post({})) as { value: boolean };
    expect(result.value).toBe(true);
    const err = await expectMsalError(msal.acquireTokenSilent({ account, scopes: [graphScope], forceRefresh: true }));
    expect(err.errorCode).toBe("invalid_grant");
    expect(err.errorMessage).toContain("AADSTS50173");
  });

  it("refuses revokeSignInSessions to a delegated caller without User.RevokeSessions.All", async () => {
    const { accessToken } = await emu.userToken(nora.upn, [graphScope]);
    const err = (await emu
      .graph(accessToken)
      .api("/me/revokeSignInSessions")
      .post({})
      .catch((e: unknown) => e)) as GraphError;
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe("Authorization_RequestDenied");
  });
});
