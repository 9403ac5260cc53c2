/**
 * The ARM surface (entra-graph-api.md §13) through the real @azure/arm-authorization 9 client (endpoint +
 * credentialScopes as in §13.1) and a plain authenticated fetch for the AKS cluster: role assignments with
 * their filters and paging, role definitions, the managed cluster's aadProfile, and Azure RBAC on the caller.
 */
import { AuthorizationManagementClient, type RoleAssignment } from "@azure/arm-authorization";
import type { TokenCredential } from "@azure/core-auth";
import { isRestError, type RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TenantFixture } from "@/emulator/core/types";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { clusterScope, id, seededTenant } from "./pim-test-kit";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => {
  emu.loadFixture(seededTenant());
});

const roles = {
  aksRbacAdmin: "3498e952-d568-435e-9b2c-8d77e338d7f7",
  aksRbacReader: "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
  clusterUser: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
};

function armCredential(): TokenCredential {
  return {
    async getToken() {
      return { token: await emu.appToken("arm"), expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

function authClient(): AuthorizationManagementClient {
  return new AuthorizationManagementClient(armCredential(), id.subscription, {
    endpoint: emu.url,
    credentialScopes: ["https://management.azure.com/.default"],
    retryOptions: { maxRetries: 0 },
  });
}

async function collect(iterable: AsyncIterable<RoleAssignment>): Promise<RoleAssignment[]> {
  const out: RoleAssignment[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function restError(promise: Promise<unknown>): Promise<RestError> {
  try {
    await promise;
  } catch (error) {
    // isRestError, not instanceof: the SDK may load its own copy of core-rest-pipeline.
    if (isRestError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

function armVariant(change: (arm: { roleAssignments: Record<string, unknown>[]; pageSize?: number }) => void): TenantFixture {
  const fixture = seededTenant();
  change(fixture.arm as { roleAssignments: Record<string, unknown>[] });
  return fixture;
}

const guidOf = (roleDefinitionId: string | undefined) => roleDefinitionId?.split("/").pop();

describe("role assignments", () => {
  it("lists AKS RBAC Admin for the admin group at the cluster scope (principalId filter, SDK flattens properties)", async () => {
    const found = await collect(authClient().roleAssignments.listForScope(clusterScope, { filter: `principalId eq '${id.admin}'` }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ principalId: id.admin, principalType: "Group", scope: clusterScope, type: "Microsoft.Authorization/roleAssignments" });
    expect(found[0]!.roleDefinitionId).toBe(`/subscriptions/${id.subscription}/providers/Microsoft.Authorization/roleDefinitions/${roles.aksRbacAdmin}`);
    expect(found[0]!.createdOn).toBeInstanceOf(Date);
    expect(found[0]!.id).toBe(`${clusterScope}/providers/Microsoft.Authorization/roleAssignments/${found[0]!.name}`);
  });

  it("includes inherited resource-group assignments with atScope(), and assignments via groups with assignedTo()", async () => {
    const atScope = await collect(authClient().roleAssignments.listForScope(clusterScope, { filter: "atScope()" }));
    expect(atScope.map((ra) => guidOf(ra.roleDefinitionId)).sort()).toEqual([roles.aksRbacAdmin, roles.aksRbacReader, roles.clusterUser, roles.reader, roles.reader].sort());
    // principalId eq does not follow group membership, assignedTo does.
    expect(await collect(authClient().roleAssignments.listForScope(clusterScope, { filter: `principalId eq '${id.n01}'` }))).toEqual([]);
    const viaGroups = await collect(authClient().roleAssignments.listForScope(clusterScope, { filter: `atScope() and assignedTo('${id.n01}')` }));
    expect(viaGroups.map((ra) => guidOf(ra.roleDefinitionId)).sort()).toEqual([roles.aksRbacReader, roles.clusterUser, roles.reader].sort());
  });

  it("pages with nextLink when the page size is small", async () => {
    emu.loadFixture(armVariant((arm) => void (arm.pageSize = 2)));
    const all = await collect(authClient().roleAssignments.listForScope(clusterScope));
    expect(all).toHaveLength(5);
    expect(new Set(all.map((ra) => ra.name)).size).toBe(5);
  });

  it("gets one assignment by name and answers an unknown one with 404 RoleAssignmentNotFound", async () => {
    const [first] = await collect(authClient().roleAssignments.listForScope(clusterScope, { filter: `principalId eq '${id.admin}'` }));
    const one = await authClient().roleAssignments.get(clusterScope, first!.name!);
    expect(one.principalId).toBe(id.admin);
    const error = await restError(authClient().roleAssignments.get(clusterScope, "00000000-0000-4000-8000-000000000000"));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("RoleAssignmentNotFound");
  });

  it("creates (201) and deletes an assignment for an Owner, and answers a duplicate with 409 RoleAssignmentExists", async () => {
    emu.loadFixture(armVariant((arm) => void arm.roleAssignments.push({ principalId: id.appSp, principalType: "ServicePrincipal", roleDefinitionId: roles.owner, scope: clusterScope })));
    const client = authClient();
    const name = "0b8a1c3e-1111-4222-8333-444455556666";
    const roleDefinitionId = `/subscriptions/${id.subscription}/providers/Microsoft.Authorization/roleDefinitions/${roles.aksRbacReader}`;
    const created = await client.roleAssignments.create(clusterScope, name, { roleDefinitionId, principalId: id.n02, principalType: "User" });
    expect(created).toMatchObject({ name, principalId: id.n02, principalType: "User", scope: clusterScope });
    const duplicate = await restError(client.roleAssignments.create(clusterScope, "0b8a1c3e-1111-4222-8333-444455556667", { roleDefinitionId, principalId: id.n02 }));
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.code).toBe("RoleAssignmentExists");
    await client.roleAssignments.delete(clusterScope, name);
    expect((await restError(client.roleAssignments.get(clusterScope, name))).statusCode).toBe(404);
  });

  it("refuses to create an assignment for a caller that only has Reader (403 AuthorizationFailed)", async () => {
    const error = await restError(
      authClient().roleAssignments.create(clusterScope, "0b8a1c3e-1111-4222-8333-444455556666", {
        roleDefinitionId: `/subscriptions/${id.subscription}/providers/Microsoft.Authorization/roleDefinitions/${roles.owner}`,
        principalId: id.n02,
      }),
    );
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("AuthorizationFailed");
  });

  it("answers an app without any role assignment with 403 AuthorizationFailed and ARM's message", async () => {
    emu.loadFixture(armVariant((arm) => void (arm.roleAssignments = arm.roleAssignments.filter((ra) => ra.principalId !== id.appSp))));
    const error = await restError(collect(authClient().roleAssignments.listForScope(clusterScope, { filter: "atScope()" })));
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("AuthorizationFailed");
    expect(error.message).toBe(
      `The client '${id.appId}' with object id '${id.appSp}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read' over scope '${clusterScope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
    expect(error.response?.headers.get("x-ms-failure-cause")).toBe("gateway");
  });

  it("rejects an unsupported filter with 400", async () => {
    const error = await restError(collect(authClient().roleAssignments.listForScope(clusterScope, { filter: "roleDefinitionId eq 'x'" })));
    expect(error.statusCode).toBe(400);
  });
});

describe("role definitions", () => {
  it("gets AKS RBAC Admin by GUID with its actions and data actions", async () => {
    const rd = await authClient().roleDefinitions.get(clusterScope, roles.aksRbacAdmin);
    expect(rd).toMatchObject({ name: roles.aksRbacAdmin, roleName: "Azure Kubernetes Service RBAC Admin", roleType: "BuiltInRole", assignableScopes: ["/"] });
    expect(rd.id).toBe(`/subscriptions/${id.subscription}/providers/Microsoft.Authorization/roleDefinitions/${roles.aksRbacAdmin}`);
    expect(rd.permissions?.[0]?.actions).toContain("Microsoft.ContainerService/managedClusters/listClusterUserCredential/action");
    expect(rd.permissions?.[0]?.dataActions).toEqual(["Microsoft.ContainerService/managedClusters/*"]);
    expect(rd.permissions?.[0]?.notDataActions).toContain("Microsoft.ContainerService/managedClusters/namespaces/delete");
    const error = await restError(authClient().roleDefinitions.get(clusterScope, "00000000-0000-4000-8000-000000000000"));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("RoleDefinitionDoesNotExist");
  });

  it("lists by roleName and by type", async () => {
    const client = authClient();
    const readers = [];
    for await (const rd of client.roleDefinitions.list(clusterScope, { filter: "roleName eq 'Reader'" })) readers.push(rd);
    expect(readers.map((r) => r.name)).toEqual([roles.reader]);
    const builtIn = [];
    for await (const rd of client.roleDefinitions.list(clusterScope, { filter: "type eq 'BuiltInRole'" })) builtIn.push(rd.roleName);
    expect(builtIn).toEqual(expect.arrayContaining(["Azure Kubernetes Service RBAC Reader", "Azure Kubernetes Service Cluster User Role", "Contributor", "Owner"]));
  });
});

describe("managed cluster and api-version", () => {
  const clusterUrl = (apiVersion = "2024-09-01", name = "aks-prod") =>
    `${emu.url}/subscriptions/${id.subscription}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/${name}?api-version=${apiVersion}`;

  async function armFetch(url: string, init: RequestInit = {}) {
    const res = await fetch(url, { ...init, headers: { Authorization: `Bearer ${await emu.appToken("arm")}` } });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
  }

  it("returns the cluster with properties.aadProfile in the REST casing", async () => {
    const res = await armFetch(clusterUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json).toMatchObject({ name: "aks-prod", type: "Microsoft.ContainerService/ManagedClusters", location: "westeurope" });
    expect((res.json.properties as Record<string, unknown>).aadProfile).toEqual({ managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [], tenantID: id.tenant });
    expect(res.json.properties).toMatchObject({ enableRBAC: true, disableLocalAccounts: true, kubernetesVersion: "1.30.5", provisioningState: "Succeeded" });
  });

  it("accepts GA api-versions since 2021-03-01 and refuses others with NoRegisteredProviderFound", async () => {
    expect((await armFetch(clusterUrl("2021-03-01"))).status).toBe(200);
    for (const version of ["2020-11-01", "2024-06-02-preview", "latest"]) {
      const res = await armFetch(clusterUrl(version));
      expect(res.status, version).toBe(400);
      expect(res.json.error?.code, version).toBe("NoRegisteredProviderFound");
    }
    const missing = await armFetch(clusterUrl().replace(/\?.*$/, ""));
    expect(missing.json.error?.code).toBe("MissingApiVersionParameter");
  });

  it("refuses other authorization api-versions with InvalidApiVersionParameter", async () => {
    const res = await armFetch(`${emu.url}${clusterScope}/providers/Microsoft.Authorization/roleAssignments?api-version=2015-07-01`);
    expect(res.status).toBe(400);
    expect(res.json.error?.code).toBe("InvalidApiVersionParameter");
  });

  it("answers an unknown cluster the caller could read with 404 ResourceNotFound", async () => {
    emu.loadFixture(
      armVariant((arm) =>
        void arm.roleAssignments.push({ principalId: id.appSp, principalType: "ServicePrincipal", roleDefinitionId: roles.reader, scope: `/subscriptions/${id.subscription}/resourceGroups/rg-aks-prod` }),
      ),
    );
    const res = await armFetch(clusterUrl("2024-09-01", "aks-missing"));
    expect(res.status).toBe(404);
    expect(res.json.error?.code).toBe("ResourceNotFound");
  });

  it("lets the cluster reader download a kubelogin kubeconfig only with the credential action", async () => {
    const denied = await armFetch(clusterUrl().replace("?", "/listClusterUserCredential?"), { method: "POST" });
    expect(denied.status).toBe(403);
    emu.loadFixture(armVariant((arm) => void arm.roleAssignments.push({ principalId: id.appSp, principalType: "ServicePrincipal", roleDefinitionId: roles.clusterUser, scope: clusterScope })));
    const res = await armFetch(clusterUrl().replace("?", "/listClusterUserCredential?"), { method: "POST" });
    expect(res.status).toBe(200);
    const [kubeconfig] = res.json.kubeconfigs as { name: string; value: string }[];
    expect(kubeconfig?.name).toBe("clusterUser");
    expect(Buffer.from(kubeconfig!.value, "base64").toString("utf8")).toContain("kubelogin");
  });
});
