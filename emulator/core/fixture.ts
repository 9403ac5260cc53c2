/**
 * Fixture loading and validation of the sections the core owns (tenant, applications, users, groups,
 * directory roles, options). Feature modules validate their own sections in their `seed()`.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { TenantFixture } from "./types";

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");

const jwk = z.looseObject({ kty: z.string() });

const application = z.looseObject({
  appId: guid,
  displayName: z.string().min(1),
  servicePrincipalId: guid,
  secrets: z.array(z.object({ value: z.string().min(1), expiresAt: z.iso.datetime({ offset: true }).optional() })),
  certificates: z.array(z.string().includes("BEGIN CERTIFICATE", { message: "must be a PEM certificate" })).optional(),
  federatedCredentials: z
    .array(
      z.object({
        issuer: z.string().min(1),
        subject: z.string().min(1),
        audiences: z.array(z.string()).min(1),
        jwks: z.array(jwk).optional(),
      }),
    )
    .optional(),
  redirectUris: z.array(z.url()),
  postLogoutRedirectUris: z.array(z.url()).optional(),
  delegatedPermissions: z.record(z.string(), z.array(z.string())),
  applicationPermissions: z.record(z.string(), z.array(z.string())),
});

const user = z.looseObject({
  id: guid,
  userPrincipalName: z.string().includes("@", { message: "must look like user@domain" }),
  displayName: z.string().min(1),
  accountEnabled: z.boolean().optional(),
  mfaRegistered: z.boolean().optional(),
});

const group = z.looseObject({
  id: guid,
  displayName: z.string().min(1),
  members: z.array(guid).optional(),
  owners: z.array(guid).optional(),
});

export const fixtureSchema = z.looseObject({
  tenant: z.object({ id: guid, displayName: z.string().min(1), defaultDomain: z.string().min(1) }),
  applications: z.array(application).min(1),
  users: z.array(user),
  groups: z.array(group),
  directoryRoles: z.record(z.string(), z.array(guid)).optional(),
  pim: z.unknown().optional(),
  policies: z.unknown().optional(),
  arm: z.unknown().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

export class FixtureError extends Error {}

/** Validates a fixture object; the error lists every problem with its JSON path. */
export function parseFixture(input: unknown, source = "fixture"): TenantFixture {
  const result = fixtureSchema.safeParse(input);
  if (!result.success) throw new FixtureError(`Invalid ${source}:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export const fixturesDir = path.resolve(import.meta.dirname, "..", "fixtures");
export const defaultFixturePath = path.join(fixturesDir, "tenant.json");

export function readFixtureFile(file: string): TenantFixture {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new FixtureError(`Cannot read fixture ${file}: ${(err as Error).message}`);
  }
  return parseFixture(raw, `fixture ${file}`);
}

/** `{"name":"x"}` → emulator/fixtures/x.json; names are restricted so a hook cannot read arbitrary files. */
export function namedFixturePath(name: string): string {
  if (!/^[\w-]+$/.test(name)) throw new FixtureError(`Fixture name "${name}" may only contain letters, digits, "_" and "-"`);
  return path.join(fixturesDir, `${name}.json`);
}
