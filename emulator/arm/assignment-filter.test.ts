import { describe, expect, it } from "vitest";
import { ArmError } from "../core/types";
import { parseAssignmentFilter } from "./assignment-filter";
import { isAtOrAbove, isBelow, normaliseScope, parseScope } from "./scope";

const P = "9A8B7C6D-0000-4000-8000-00000000B001";

describe("parseAssignmentFilter", () => {
  it("understands the documented forms", () => {
    expect(parseAssignmentFilter(null)).toEqual({ isAtScope: false });
    expect(parseAssignmentFilter("atScope()")).toEqual({ isAtScope: true });
    expect(parseAssignmentFilter(`principalId eq '${P}'`)).toEqual({ isAtScope: false, principalId: P.toLowerCase() });
    expect(parseAssignmentFilter(`atScope() and assignedTo('${P}')`)).toEqual({ isAtScope: true, assignedTo: P.toLowerCase() });
  });

  it("rejects anything else with ARM's 400", () => {
    for (const bad of ["roleDefinitionId eq 'x'", "atScope() and atScope()", `principalId eq '${P}' and assignedTo('${P}')`, "principalId eq 'not-a-guid'"]) {
      expect(() => parseAssignmentFilter(bad), bad).toThrow(ArmError);
    }
  });
});

describe("scopes", () => {
  const cluster = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks";

  it("treats parents (case-insensitively, by whole segments) as at or above", () => {
    expect(isAtOrAbove("/", cluster)).toBe(true);
    expect(isAtOrAbove("/subscriptions/S1/resourcegroups/RG", cluster)).toBe(true);
    expect(isAtOrAbove(cluster, cluster)).toBe(true);
    expect(isAtOrAbove("/subscriptions/s1/resourceGroups/r", cluster)).toBe(false);
    expect(isBelow(cluster, "/subscriptions/s1")).toBe(true);
    expect(isBelow(cluster, cluster)).toBe(false);
  });

  it("normalises and parses scopes", () => {
    expect(normaliseScope("//subscriptions/s1/")).toBe("/subscriptions/s1");
    expect(normaliseScope("")).toBe("/");
    expect(parseScope(cluster)).toEqual({ subscriptionId: "s1", resourceGroup: "rg", resourceType: "Microsoft.ContainerService/managedClusters", resourceName: "aks" });
  });
});
