/**
 * Emailed approval links: a random 256-bit token per (request, approver). Only its SHA-256 is stored, so a
 * database dump cannot be turned into working links. The token itself exists only in the email.
 */
import { createHash, randomBytes } from "node:crypto";

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Cheap shape check before touching the database (and before hashing attacker-sized input). */
export function isWellFormedLinkToken(token: string): boolean {
  return tokenPattern.test(token);
}

export function approvalUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/approve/${token}`;
}
