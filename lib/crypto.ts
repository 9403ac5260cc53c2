import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { loadEnv } from "@/lib/env";

/**
 * Authenticated encryption for data we keep on behalf of users: the MSAL token cache (refresh tokens) in the
 * database and the sign-in state cookie in the browser.
 *
 * Each purpose gets its own AES-256 key, derived by HKDF from TOKEN_ENCRYPTION_KEY, so a value sealed for one
 * purpose can never be opened as another (a sign-in cookie cannot be replayed as a token cache, and vice versa).
 * The purpose is also bound as GCM associated data.
 *
 * Format (version 1): 0x01 ‖ IV (12 random bytes) ‖ GCM tag (16) ‖ ciphertext. The leading version byte lets a
 * later format or key scheme coexist with rows written today.
 */
export type SealPurpose = "token-cache" | "sign-in-state";

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

export class SealError extends Error {
  constructor(message = "sealed value could not be opened (wrong key, wrong purpose, or tampered)") {
    super(message);
    this.name = "SealError";
  }
}

const derivedKeys = new Map<string, Buffer>();

function keyFor(purpose: SealPurpose, keyMaterial: string): Buffer {
  // The cache key is a hash so the raw key material is not kept twice in memory.
  const cacheKey = `${purpose}:${sha256Hex(keyMaterial)}`;
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    const ikm = Buffer.from(keyMaterial, "base64");
    if (ikm.length < 32) throw new Error("TOKEN_ENCRYPTION_KEY must be at least 32 bytes of base64");
    key = Buffer.from(hkdfSync("sha256", ikm, "aks-jit-access", `aks-jit-access/${purpose}/v${VERSION}`, 32));
    derivedKeys.set(cacheKey, key);
  }
  return key;
}

function associatedData(purpose: SealPurpose): Buffer {
  return Buffer.from(`aks-jit-access:${purpose}:v${VERSION}`, "utf8");
}

/** Encrypts and authenticates `plaintext` for one purpose. `keyMaterial` defaults to TOKEN_ENCRYPTION_KEY. */
export function seal(purpose: SealPurpose, plaintext: string | Uint8Array, keyMaterial?: string): Buffer {
  const key = keyFor(purpose, keyMaterial ?? loadEnv().TOKEN_ENCRYPTION_KEY);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(purpose));
  const body = Buffer.concat([cipher.update(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/** Decrypts a value from `seal` (UTF-8). Throws SealError for a wrong key/purpose, a tampered or truncated value. */
export function open(purpose: SealPurpose, sealed: Uint8Array, keyMaterial?: string): string {
  const data = Buffer.from(sealed);
  if (data.length < HEADER_BYTES || data[0] !== VERSION) throw new SealError("sealed value has an unknown format");
  const key = keyFor(purpose, keyMaterial ?? loadEnv().TOKEN_ENCRYPTION_KEY);
  const iv = data.subarray(1, 1 + IV_BYTES);
  const tag = data.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(purpose));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(data.subarray(HEADER_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SealError();
  }
}

export function sha256Hex(input: string | Uint8Array): string {
  return createHash("sha256").update(input).digest("hex");
}

/** A random token, base64url without padding (32 bytes → 43 characters). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * Constant-time string comparison. Both sides are hashed first so neither the content nor the length of the
 * expected value leaks through timing.
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}
