import { describe, expect, it } from "vitest";
import { acceptingPermissions, effectivePermissions, hasPermission, requirePermission } from "./permissions";
import { GraphError, type Caller } from "./types";

function caller(kind: Caller["kind"], permissions: string[]): Caller {
  return {
    kind,
    objectId: "5e4d3c2b-0000-4000-8000-00000000c001",
    appId: "a1b2c3d4-0000-4000-8000-00000000a001",
    permissions: new Set(permissions),
    amr: [],
    acrs: [],
    audience: "https://graph.microsoft.com",
    claims: {},
  };
}

function thrown(fn: () => void): GraphError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected a GraphError");
}

const userRead = { delegated: ["User.ReadBasic.All"], application: ["User.ReadBasic.All"], style: "directory" } as const;

describe("requirePermission", () => {
  it("passes when the caller holds an accepted permission of its own kind", () => {
    expect(() => requirePermission(caller("app", ["User.ReadBasic.All"]), userRead)).not.toThrow();
    expect(() => requirePermission(caller("user", ["openid", "User.ReadBasic.All"]), userRead)).not.toThrow();
  });

  it("lets broader permissions satisfy narrower ones, transitively", () => {
    expect(hasPermission(caller("app", ["User.Read.All"]), userRead)).toBe(true);
    expect(hasPermission(caller("app", ["Directory.ReadWrite.All"]), userRead)).toBe(true);
    expect(hasPermission(caller("app", ["Directory.Read.All"]), { delegated: [], application: ["GroupMember.Read.All"] })).toBe(true);
    expect(hasPermission(caller("user", ["PrivilegedAccess.ReadWrite.AzureADGroup"]), { delegated: ["PrivilegedAssignmentSchedule.Read.AzureADGroup"], application: [] })).toBe(true);
  });

  it("does not let narrower permissions satisfy broader ones", () => {
    expect(hasPermission(caller("app", ["User.ReadBasic.All"]), { delegated: [], application: ["User.Read.All"] })).toBe(false);
    expect(hasPermission(caller("app", ["GroupMember.Read.All"]), { delegated: [], application: ["Group.Read.All"] })).toBe(false);
  });

  it("compares permission names case-insensitively", () => {
    expect(hasPermission(caller("app", ["user.readbasic.all"]), userRead)).toBe(true);
  });

  it("rejects a token kind whose list is empty even when it holds the permission", () => {
    const approvals = { delegated: ["PrivilegedAssignmentSchedule.Read.AzureADGroup"], application: [], style: "pim" } as const;
    const error = thrown(() => requirePermission(caller("app", ["PrivilegedAssignmentSchedule.Read.AzureADGroup"]), approvals));
    expect(error.status).toBe(403);
  });

  it("throws the directory 403 shape", () => {
    const error = thrown(() => requirePermission(caller("app", ["Mail.Send"]), userRead));
    expect([error.status, error.code, error.message]).toEqual([403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."]);
  });

  it("throws PIM's double-wrapped 403 naming the required permission and its broader alternatives", () => {
    const error = thrown(() =>
      requirePermission(caller("user", ["User.Read"]), { delegated: ["PrivilegedEligibilitySchedule.Read.AzureADGroup"], application: ["PrivilegedEligibilitySchedule.Read.AzureADGroup"], style: "pim" }),
    );
    expect(error.status).toBe(403);
    expect(error.code).toBe("UnknownError");
    const inner = JSON.parse(error.message) as { errorCode: string; message: string };
    expect(inner.errorCode).toBe("PermissionScopeNotGranted");
    expect(inner.message).toBe(
      "Authorization failed due to missing permission scope PrivilegedEligibilitySchedule.Read.AzureADGroup,PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup,PrivilegedAccess.Read.AzureADGroup,PrivilegedAccess.ReadWrite.AzureADGroup.",
    );
  });
});

describe("permission table", () => {
  it("expands to the narrower permissions only", () => {
    const granted = effectivePermissions(["Group.Read.All"]);
    expect(granted.has("groupmember.read.all")).toBe(true);
    expect(granted.has("user.readbasic.all")).toBe(false);
  });

  it("lists broader alternatives for a write permission", () => {
    expect(acceptingPermissions(["PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"])).toEqual([
      "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup",
      "PrivilegedAccess.ReadWrite.AzureADGroup",
    ]);
  });
});
