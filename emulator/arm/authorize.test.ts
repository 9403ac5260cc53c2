import { describe, expect, it } from "vitest";
import { roleGrants } from "./authorize";
import { builtInRoles } from "./role-catalogue";

const role = (name: string) => builtInRoles.find((r) => r.roleName === name)!.id;

describe("roleGrants", () => {
  it("lets Reader read anything but not act", () => {
    expect(roleGrants(role("Reader"), "Microsoft.Authorization/roleAssignments/read")).toBe(true);
    expect(roleGrants(role("Reader"), "Microsoft.ContainerService/managedClusters/read")).toBe(true);
    expect(roleGrants(role("Reader"), "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action")).toBe(false);
  });

  it("keeps Contributor away from role assignments through notActions", () => {
    expect(roleGrants(role("Contributor"), "Microsoft.ContainerService/managedClusters/write")).toBe(true);
    expect(roleGrants(role("Contributor"), "Microsoft.Authorization/roleAssignments/write")).toBe(false);
    expect(roleGrants(role("Owner"), "Microsoft.Authorization/roleAssignments/write")).toBe(true);
  });

  it("gives the AKS RBAC Admin role the kubeconfig action but not the RBAC Reader", () => {
    const action = "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action";
    expect(roleGrants(role("Azure Kubernetes Service RBAC Admin"), action)).toBe(true);
    expect(roleGrants(role("Azure Kubernetes Service RBAC Reader"), action)).toBe(false);
    expect(roleGrants(role("Azure Kubernetes Service Cluster User Role"), action)).toBe(true);
  });

  it("ships every AKS role of the catalogue plus the generic ones", () => {
    expect(builtInRoles.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        "3498e952-d568-435e-9b2c-8d77e338d7f7",
        "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
        "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
        "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb",
        "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
        "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8",
        "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8",
        "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
      ]),
    );
  });
});
