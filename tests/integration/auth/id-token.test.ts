import { decodeJwt } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { IdTokenError, verifyIdToken } from "@/lib/entra/id-token";
import { SIGN_IN_SCOPES } from "@/lib/entra/scopes";
import { setupAuthEnvironment } from "./auth-env";

// ID token verification needs no database; the emulator is the real OIDC provider with real RS256 keys.
const ctx = setupAuthEnvironment({ withoutDatabase: true });

async function signedInToken(upn = "n01@contoso.example", scopes = [...SIGN_IN_SCOPES, "email"]) {
  const { idToken } = await ctx().emulator.userToken(upn, scopes);
  const nonce = decodeJwt(idToken).nonce;
  if (typeof nonce !== "string") throw new Error("the emulator's ID token has no nonce");
  return { idToken, nonce };
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

async function rejection(p: Promise<unknown>): Promise<IdTokenError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof IdTokenError)) throw new Error(`expected an IdTokenError, got ${String(e)}`);
  return e;
}

afterEach(async () => {
  await ctx().emulator.hooks.reset();
});

describe("verifyIdToken against the emulator's keys", () => {
  it("accepts the emulator's ID token and returns the identity", async () => {
    const { idToken, nonce } = await signedInToken();
    const identity = await verifyIdToken(idToken, { nonce });
    expect(identity).toMatchObject({
      oid: "5e4d3c2b-0000-4000-8000-00000000c001",
      tid: ctx().emulator.tenantId,
      upn: "n01@contoso.example",
      email: "n01@contoso.example",
    });
    expect(identity.name.length).toBeGreaterThan(0);
  });

  it("rejects a token whose payload was altered (signature no longer matches)", async () => {
    const { idToken, nonce } = await signedInToken();
    const [header, payload, signature] = idToken.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
    const forged = `${header}.${b64({ ...claims, oid: "5e4d3c2b-0000-4000-8000-00000000c101", preferred_username: "p01@contoso.example" })}.${signature}`;
    expect((await rejection(verifyIdToken(forged, { nonce }))).problem).toBe("signature");
  });

  it("rejects a token whose signature was altered", async () => {
    const { idToken, nonce } = await signedInToken();
    const [header, payload, signature = ""] = idToken.split(".");
    const sig = Buffer.from(signature, "base64url");
    sig[10] = (sig[10] ?? 0) ^ 0xff;
    expect((await rejection(verifyIdToken(`${header}.${payload}.${sig.toString("base64url")}`, { nonce }))).problem).toBe("signature");
  });

  it("rejects an unsigned (alg: none) copy of a valid token", async () => {
    const { idToken, nonce } = await signedInToken();
    const payload = idToken.split(".")[1];
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${payload}.`;
    expect((await rejection(verifyIdToken(unsigned, { nonce }))).problem).toMatch(/signature|malformed/);
  });

  it("rejects a valid token presented with another sign-in's nonce", async () => {
    const { idToken } = await signedInToken();
    expect((await rejection(verifyIdToken(idToken, { nonce: "some-other-nonce" }))).problem).toBe("nonce");
  });

  it("rejects a token issued for another application", async () => {
    const { idToken, nonce } = await signedInToken();
    const env = {
      AZURE_AUTHORITY_HOST: ctx().emulator.url,
      AZURE_TENANT_ID: ctx().emulator.tenantId,
      AZURE_CLIENT_ID: "00000000-0000-4000-8000-000000000bad",
    };
    expect((await rejection(verifyIdToken(idToken, { nonce }, env))).problem).toBe("audience");
  });

  it("rejects an expired token (issued by an emulator clock three hours behind)", async () => {
    await ctx().emulator.hooks.setClock(new Date(Date.now() - 3 * 60 * 60 * 1000));
    const { idToken, nonce } = await signedInToken();
    expect((await rejection(verifyIdToken(idToken, { nonce }))).problem).toBe("expired");
  });

  it("rejects garbage", async () => {
    expect((await rejection(verifyIdToken("not-a-jwt", { nonce: "x" }))).problem).toBe("malformed");
  });
});
