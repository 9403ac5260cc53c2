/**
 * Minimal synchronous JWS (compact, RS256/PS256) on node:crypto. Synchronous because `Ctx.caller()` is,
 * and the emulator only needs the RSA algorithms Entra and MSAL use.
 */
import { createPublicKey, sign, verify, constants, type KeyObject } from "node:crypto";

export type JwtHeader = Record<string, unknown> & { alg?: string; kid?: string; typ?: string };
export type JwtPayload = Record<string, unknown>;

export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  signingInput: string;
  signature: Buffer;
}

export function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

export function signJwt(header: JwtHeader, privateKey: KeyObject, payload: JwtPayload): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign("sha256", Buffer.from(input), privateKey);
  return `${input}.${b64url(signature)}`;
}

/** Parses a compact JWT without verifying it; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as unknown;
    const payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as unknown;
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, "base64url") };
  } catch {
    return undefined;
  }
}

/** Verifies an RS256 or PS256 signature with an RSA public key (PEM certificate, PEM key or KeyObject). */
export function verifyJwtSignature(jwt: DecodedJwt, key: KeyObject | string, allowed: readonly string[] = ["RS256", "PS256"]): boolean {
  const alg = jwt.header.alg;
  if (typeof alg !== "string" || !allowed.includes(alg)) return false;
  try {
    const publicKey = typeof key === "string" ? createPublicKey(key) : key;
    const input = Buffer.from(jwt.signingInput);
    if (alg === "PS256") {
      return verify("sha256", input, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, jwt.signature);
    }
    return verify("sha256", input, publicKey, jwt.signature);
  } catch {
    return false;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
