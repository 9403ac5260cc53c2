import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SealError, open } from "@/lib/crypto";
import { createUserClient } from "@/lib/entra/msal";
import { SIGN_IN_SCOPES, graphScope } from "@/lib/entra/scopes";
import { createTokenCachePlugin, loadSerializedCache, saveSerializedCache } from "@/lib/entra/token-cache";
import { setupTestDatabase } from "../../support/db";
import { setupAuthEnvironment } from "./auth-env";

const testDb = setupTestDatabase();
const ctx = setupAuthEnvironment();

interface SerializedCache {
  AccessToken: Record<string, { secret: string }>;
  RefreshToken: Record<string, { secret: string }>;
  Account: Record<string, { home_account_id: string }>;
}

/** A real MSAL cache for one user, from a code redemption against the emulator. */
async function realCache(upn: string) {
  const { account, msal } = await ctx().emulator.userToken(upn, [...SIGN_IN_SCOPES]);
  const json = msal.getTokenCache().serialize();
  const parsed = JSON.parse(json) as SerializedCache;
  const secrets = [...Object.values(parsed.AccessToken), ...Object.values(parsed.RefreshToken)].map((t) => t.secret);
  expect(secrets.length).toBeGreaterThanOrEqual(2);
  return { homeAccountId: account.homeAccountId, json, secrets };
}

async function row(homeAccountId: string) {
  return testDb().db.tokenCacheEntry.findUniqueOrThrow({ where: { homeAccountId } });
}

describe("token cache in the database", () => {
  it("stores the cache sealed: no access or refresh token text in the bytes, and another key cannot open it", async () => {
    const { homeAccountId, json, secrets } = await realCache("n01@contoso.example");
    await saveSerializedCache(homeAccountId, json, testDb().db);
    const stored = Buffer.from((await row(homeAccountId)).ciphertext);
    const asText = [stored.toString("latin1"), stored.toString("utf8"), stored.toString("base64"), stored.toString("hex")].join("\n");
    for (const secret of secrets) {
      expect(asText).not.toContain(secret);
      expect(asText).not.toContain(secret.slice(0, 24));
    }
    expect(asText).not.toContain("RefreshToken");
    expect(open("token-cache", stored, ctx().encryptionKey)).toBe(json);
    expect(() => open("token-cache", stored, randomBytes(32).toString("base64"))).toThrow(SealError);
    expect(() => open("sign-in-state", stored, ctx().encryptionKey)).toThrow(SealError);
  });

  it("round-trips through the plugin: a fresh client finds the account and refreshes with the stored refresh token", async () => {
    const { homeAccountId, json } = await realCache("n02@contoso.example");
    await saveSerializedCache(homeAccountId, json, testDb().db);
    const before = await row(homeAccountId);

    const cca = await createUserClient({ cachePlugin: createTokenCachePlugin(homeAccountId, testDb().db) });
    const account = await cca.getTokenCache().getAccountByHomeId(homeAccountId);
    expect(account?.username).toBe("n02@contoso.example");
    // Reading changes nothing, so nothing is written.
    expect((await row(homeAccountId)).updatedAt).toEqual(before.updatedAt);

    if (!account) throw new Error("unreachable");
    const result = await cca.acquireTokenSilent({ account, scopes: [graphScope("User.Read")], forceRefresh: true });
    expect(result.fromCache).toBe(false);
    // The refreshed tokens were written back, sealed.
    const after = await row(homeAccountId);
    expect(Buffer.from(after.ciphertext).equals(Buffer.from(before.ciphertext))).toBe(false);
    const reloaded = JSON.parse((await loadSerializedCache(homeAccountId, testDb().db)) ?? "{}") as SerializedCache;
    expect(Object.values(reloaded.AccessToken).map((t) => t.secret)).toContain(result.accessToken);

    // And yet another fresh client serves that token from the database without a network call.
    const third = await createUserClient({ cachePlugin: createTokenCachePlugin(homeAccountId, testDb().db) });
    const again = await third.acquireTokenSilent({ account, scopes: [graphScope("User.Read")] });
    expect(again.fromCache).toBe(true);
    expect(again.accessToken).toBe(result.accessToken);
  });

  it("keeps partitions apart: a cache holding another account is never written under this key", async () => {
    const n01 = await realCache("n01@contoso.example");
    const p01 = await realCache("p01@contoso.example");
    await expect(saveSerializedCache(n01.homeAccountId, p01.json, testDb().db)).rejects.toThrow(/another account/);
  });

  it("treats a row sealed under an older key as empty (the user signs in again)", async () => {
    const { homeAccountId, json } = await realCache("p02@contoso.example");
    await saveSerializedCache(homeAccountId, json, testDb().db);
    const { seal } = await import("@/lib/crypto");
    await testDb().db.tokenCacheEntry.update({
      where: { homeAccountId },
      data: { ciphertext: new Uint8Array(seal("token-cache", json, randomBytes(32).toString("base64"))) },
    });
    expect(await loadSerializedCache(homeAccountId, testDb().db)).toBeNull();
    const cca = await createUserClient({ cachePlugin: createTokenCachePlugin(homeAccountId, testDb().db) });
    expect(await cca.getTokenCache().getAccountByHomeId(homeAccountId)).toBeNull();
  });
});
