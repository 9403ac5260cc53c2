/**
 * The directory slice of the tenant state: users, groups, the app's service principals and directory-role
 * memberships, seeded from the fixture with Graph's defaults for the optional fields.
 */
import type { DirectoryGroup, DirectoryUser, TenantFixture } from "../core/types";

export interface DirectoryServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
}

export interface DirectoryState {
  tenant: { id: string; displayName: string; defaultDomain: string };
  users: DirectoryUser[];
  groups: DirectoryGroup[];
  servicePrincipals: DirectoryServicePrincipal[];
  /** Directory role template id → member object ids. */
  directoryRoles: Record<string, string[]>;
}

function seedUser(u: TenantFixture["users"][number]): DirectoryUser {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    givenName: u.givenName ?? null,
    surname: u.surname ?? null,
    // A user without `mail` has no mailbox: sendMail from it fails like Exchange does.
    mail: u.mail ?? null,
    jobTitle: u.jobTitle ?? null,
    accountEnabled: u.accountEnabled ?? true,
    mfaRegistered: u.mfaRegistered ?? false,
  };
}

function seedGroup(g: TenantFixture["groups"][number]): DirectoryGroup {
  return {
    id: g.id,
    displayName: g.displayName,
    description: g.description ?? null,
    mailNickname: g.mailNickname ?? g.displayName.replace(/[^\w-]/g, ""),
    mail: g.mail ?? null,
    securityEnabled: g.securityEnabled ?? true,
    mailEnabled: g.mailEnabled ?? false,
    isAssignableToRole: g.isAssignableToRole ?? false,
    members: [...new Set(g.members ?? [])],
    owners: [...new Set(g.owners ?? [])],
  };
}

/** Builds the slice from a fixture the core has already validated (ids are GUIDs, required names present). */
export function seedDirectory(fixture: TenantFixture): DirectoryState {
  const ids = new Set<string>();
  for (const { id } of [...fixture.users, ...fixture.groups]) {
    if (ids.has(id.toLowerCase())) throw new Error(`Fixture: object id ${id} is used twice in users/groups`);
    ids.add(id.toLowerCase());
  }
  return {
    tenant: { ...fixture.tenant },
    users: fixture.users.map(seedUser),
    groups: fixture.groups.map(seedGroup),
    servicePrincipals: fixture.applications.map((a) => ({ id: a.servicePrincipalId, appId: a.appId, displayName: a.displayName })),
    directoryRoles: Object.fromEntries(Object.entries(fixture.directoryRoles ?? {}).map(([role, members]) => [role, [...members]])),
  };
}
