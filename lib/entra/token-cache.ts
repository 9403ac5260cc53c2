import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import { SealError, open, seal } from "@/lib/crypto";
import { db as defaultDb, type Db } from "@/lib/db/client";
import { log } from "@/lib/log";

/**
 * The MSAL token cache of ONE account (homeAccountId), stored in `token_cache` sealed with AES-256-GCM (it holds
 * refresh tokens). Each request builds its own ConfidentialClientApplication with this plugin, so a replica that
 * never saw the sign-in can still refresh the user's tokens, and one user's tokens never sit in another's cache.
 */

/** Account keys in MSAL's serialized cache (`{"Account":{"<key>":{"home_account_id":…}}}`). */
export function accountsInSerializedCache(json: string): string[] {
  const parsed = JSON.parse(json) as { Account?: Record<string, { home_account_id?: string }> };
  return [...new Set(Object.values(parsed.Account ?? {}).map((a) => a.home_account_id ?? ""))];
}

export async function loadSerializedCache(homeAccountId: string, db: Db = defaultDb): Promise<string | null> {
  const row = await db.tokenCacheEntry.findUnique({ where: { homeAccountId } });
  if (!row) return null;
  try {
    return open("token-cache", row.ciphertext);
  } catch (e) {
    // A changed TOKEN_ENCRYPTION_KEY makes old rows unreadable: the user simply signs in again.
    if (e instanceof SealError) {
      log.warn("token cache could not be decrypted; treating it as empty", { homeAccountId });
      return null;
    }
    throw e;
  }
}

/** Seals and stores `json` as the cache of `homeAccountId`; refuses a cache that holds any other account. */
export async function saveSerializedCache(homeAccountId: string, json: string, db: Db = defaultDb): Promise<void> {
  const accounts = accountsInSerializedCache(json);
  if (accounts.length === 0) {
    await deleteSerializedCache(homeAccountId, db);
    return;
  }
  if (accounts.some((a) => a !== homeAccountId)) {
    throw new Error("refusing to store a token cache that holds another account in this partition");
  }
  const ciphertext = new Uint8Array(seal("token-cache", json));
  await db.tokenCacheEntry.upsert({
    where: { homeAccountId },
    create: { homeAccountId, ciphertext, updatedAt: new Date() },
    update: { ciphertext, updatedAt: new Date() },
  });
}

export async function deleteSerializedCache(homeAccountId: string, db: Db = defaultDb): Promise<void> {
  await db.tokenCacheEntry.deleteMany({ where: { homeAccountId } });
}

/**
 * An ICachePlugin for one account's partition. The row is read once per plugin (i.e. per request); MSAL calls
 * beforeCacheAccess around every operation, and re-reading would only cost round trips. Writes happen only when
 * MSAL reports a change (new or refreshed tokens, a removed account).
 */
export function createTokenCachePlugin(homeAccountId: string, db: Db = defaultDb): ICachePlugin {
  let loaded = false;
  return {
    async beforeCacheAccess(ctx: TokenCacheContext): Promise<void> {
      if (loaded) return;
      const json = await loadSerializedCache(homeAccountId, db);
      if (json) ctx.tokenCache.deserialize(json);
      loaded = true;
    },
    async afterCacheAccess(ctx: TokenCacheContext): Promise<void> {
      if (!ctx.cacheHasChanged) return;
      await saveSerializedCache(homeAccountId, ctx.tokenCache.serialize(), db);
    },
  };
}
