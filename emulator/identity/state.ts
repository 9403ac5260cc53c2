/**
 * The identity slice: app registrations, directory-role holders, issued authorization codes, refresh
 * tokens, browser sign-in sessions and per-user revocation marks. All plain JSON so it persists.
 *
 * Revocation uses a monotonic sequence instead of timestamps: every refresh token and session gets the
 * next `seq`, and revokeSignInSessions records the current `seq` for the user. That keeps "issued before
 * the revocation" exact even while a test has frozen the clock.
 */
import { randomBytes } from "node:crypto";
import type { FixtureApplication, Services, TenantFixture } from "../core/types";

export const identitySliceName = "identity";

export interface AuthCodeGrant {
  clientId: string;
  redirectUri: string;
  userId: string;
  scope: string;
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: "S256" | "plain" | null;
  issuedAtMs: number;
  expiresAtMs: number;
  redeemed: boolean;
  amr: string[];
  acrs: string[];
  sessionId: string;
}

export interface RefreshGrant {
  clientId: string;
  userId: string;
  seq: number;
  issuedAtMs: number;
  expiresAtMs: number;
  amr: string[];
  acrs: string[];
  sessionId: string;
}

export interface BrowserSession {
  userId: string;
  seq: number;
  createdAtMs: number;
}

export interface IdentitySlice {
  tenant: { id: string; displayName: string; defaultDomain: string };
  applications: FixtureApplication[];
  /** Directory role template id → member object ids. */
  directoryRoles: Record<string, string[]>;
  /** Users offered on the sign-in page, in fixture order. */
  signInUserIds: string[];
  /** Groups considered for the sign-in page's hints. */
  hintGroupIds: string[];
  codes: Record<string, AuthCodeGrant>;
  refreshTokens: Record<string, RefreshGrant>;
  sessions: Record<string, BrowserSession>;
  /** userId → highest revoked seq. */
  revokedUpTo: Record<string, number>;
  seq: number;
}

export const codeLifetimeMs = 10 * 60 * 1000;
export const refreshLifetimeMs = 90 * 24 * 3600 * 1000;

export function seedIdentity(fixture: TenantFixture): IdentitySlice {
  return {
    tenant: { ...fixture.tenant },
    applications: structuredClone(fixture.applications),
    directoryRoles: structuredClone(fixture.directoryRoles ?? {}),
    signInUserIds: fixture.users.map((u) => u.id),
    hintGroupIds: fixture.groups.map((g) => g.id),
    codes: {},
    refreshTokens: {},
    sessions: {},
    revokedUpTo: {},
    seq: 0,
  };
}

export function identitySlice(services: Pick<Services, "slice">): IdentitySlice {
  return services.slice<IdentitySlice>(identitySliceName);
}

export function findApplication(slice: IdentitySlice, clientId: string | null | undefined): FixtureApplication | undefined {
  if (!clientId) return undefined;
  return slice.applications.find((a) => a.appId.toLowerCase() === clientId.toLowerCase());
}

export function nextSeq(slice: IdentitySlice): number {
  slice.seq += 1;
  return slice.seq;
}

export function opaqueToken(prefix: string): string {
  return `${prefix}.${randomBytes(32).toString("base64url")}`;
}

export function isRevoked(slice: IdentitySlice, userId: string, seq: number): boolean {
  return seq <= (slice.revokedUpTo[userId] ?? 0);
}

export function holdsDirectoryRole(slice: IdentitySlice, objectId: string): string[] {
  return Object.entries(slice.directoryRoles)
    .filter(([, members]) => members.includes(objectId))
    .map(([templateId]) => templateId);
}

/** Drops codes and tokens nobody can use any more, so the persisted state does not grow forever. */
export function pruneIdentity(slice: IdentitySlice, nowMs: number): boolean {
  let changed = false;
  for (const [code, grant] of Object.entries(slice.codes)) {
    // Keep expired codes an hour so a late redemption still gets the precise "expired" error.
    if (grant.expiresAtMs + 3600_000 < nowMs) {
      delete slice.codes[code];
      changed = true;
    }
  }
  for (const [token, grant] of Object.entries(slice.refreshTokens)) {
    // Revoked tokens stay until they expire so their use keeps answering "revoked" (50173).
    if (grant.expiresAtMs < nowMs) {
      delete slice.refreshTokens[token];
      changed = true;
    }
  }
  return changed;
}
