import { describe, expect, it } from "vitest";
import tenant from "../fixtures/tenant.json";
import type { TenantFixture } from "../core/types";
import { groupsContaining, rolesOf, transitiveMemberIds } from "./graph";
import { createDirectoryService } from "./service";
import { seedDirectory, type DirectoryState } from "./state";

const ids = {
  n01: "5e4d3c2b-0000-4000-8000-00000000c001",
  p01: "5e4d3c2b-0000-4000-8000-00000000c101",
  p02: "5e4d3c2b-0000-4000-8000-00000000c102",
  defaultGroup: "9a8b7c6d-0000-4000-8000-00000000b000",
  admin: "9a8b7c6d-0000-4000-8000-00000000b001",
  approver: "9a8b7c6d-0000-4000-8000-00000000b002",
};

function setup() {
  const state: DirectoryState = seedDirectory(structuredClone(tenant));
  let changes = 0;
  const service = createDirectoryService(() => state, () => changes++);
  return { state, service, changes: () => changes };
}

describe("seedDirectory", () => {
  it("fills Graph defaults for missing optional fields", () => {
    const { state } = setup();
    const admin = state.groups.find((g) => g.id === ids.admin);
    expect(admin).toMatchObject({ securityEnabled: true, mailEnabled: false, isAssignableToRole: false, mail: null, members: [] });
    expect(state.users.find((u) => u.id === ids.n01)).toMatchObject({ accountEnabled: true, mfaRegistered: true });
    expect(state.servicePrincipals[0]).toMatchObject({ id: "a1b2c3d4-0000-4000-8000-00000000a002", appId: "a1b2c3d4-0000-4000-8000-00000000a001" });
  });

  it("rejects a fixture that reuses an object id", () => {
    const fixture = structuredClone(tenant) as TenantFixture;
    fixture.groups.push({ id: ids.n01, displayName: "clash" });
    expect(() => seedDirectory(fixture)).toThrow(/used twice/);
  });
});

describe("directory service", () => {
  it("finds users by id or UPN case-insensitively", () => {
    const { service } = setup();
    expect(service.getUser("N01@CONTOSO.EXAMPLE")?.id).toBe(ids.n01);
    expect(service.getUser(ids.n01.toUpperCase())?.userPrincipalName).toBe("n01@contoso.example");
    expect(service.getUser("nobody@contoso.example")).toBeUndefined();
  });

  it("resolves nested membership and lists each transitive user once", () => {
    const { service } = setup();
    service.addMember(ids.admin, ids.defaultGroup);
    service.addMember(ids.admin, ids.p02); // p02 is also in default: must appear once
    expect(service.isTransitiveMember(ids.admin, ids.n01)).toBe(true);
    expect(service.isTransitiveMember(ids.admin, ids.p01)).toBe(false);
    expect(service.transitiveUserMembers(ids.admin).map((u) => u.id)).toEqual([ids.p02, ids.n01, "5e4d3c2b-0000-4000-8000-00000000c002"]);
  });

  it("terminates on membership cycles", () => {
    const { service, state } = setup();
    service.addMember(ids.admin, ids.approver);
    service.addMember(ids.approver, ids.admin);
    expect(service.isTransitiveMember(ids.admin, ids.p01)).toBe(true);
    expect(transitiveMemberIds(state, ids.admin)).toEqual([ids.approver, ids.p01, ids.p02]);
    expect(groupsContaining(state, ids.p01, true).map((g) => g.id).sort()).toEqual([ids.admin, ids.approver]);
  });

  it("adds and removes idempotently and reports only real changes", () => {
    const { service, changes } = setup();
    service.addMember(ids.admin, ids.n01);
    service.addMember(ids.admin, ids.n01.toUpperCase());
    expect(service.getGroup(ids.admin)?.members).toEqual([ids.n01]);
    service.removeMember(ids.admin, ids.n01);
    service.removeMember(ids.admin, ids.n01);
    expect(service.getGroup(ids.admin)?.members).toEqual([]);
    expect(changes()).toBe(2);
  });

  it("refuses to change an unknown group", () => {
    const { service } = setup();
    expect(() => service.addMember("9a8b7c6d-0000-4000-8000-0000000000ff", ids.n01)).toThrow(/no group/);
  });

  it("distinguishes direct from transitive group and role membership", () => {
    const { state, service } = setup();
    service.addMember(ids.approver, ids.defaultGroup);
    state.directoryRoles["e8611ab8-c189-46e8-94e1-60213ab1f814"] = [ids.approver];
    expect(groupsContaining(state, ids.n01, false).map((g) => g.id)).toEqual([ids.defaultGroup]);
    expect(groupsContaining(state, ids.n01, true).map((g) => g.id)).toEqual([ids.defaultGroup, ids.approver]);
    expect(rolesOf(state, ids.n01, false)).toEqual([]);
    expect(rolesOf(state, ids.n01, true)).toEqual(["e8611ab8-c189-46e8-94e1-60213ab1f814"]);
  });
});
