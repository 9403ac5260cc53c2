import { describe, expect, it } from "vitest";
import { EnvError } from "@/lib/env";
import { clusterAccessCommands, parseClusterResourceId, parseTargets } from "./targets";

const cluster = "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod";
const valid = {
  id: "aks-prod",
  displayName: "AKS production (admin)",
  pimGroupId: "9a8b7c6d-0000-4000-8000-00000000b001",
  approverGroupId: "9a8b7c6d-0000-4000-8000-00000000b002",
  clusterResourceId: cluster,
  maxDurationMinutes: 480,
};

function problems(json: unknown): string[] {
  try {
    parseTargets(JSON.stringify(json));
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
  return [];
}

describe("parseTargets", () => {
  it("accepts a target and fills defaults (quorum 1, 60 minutes)", () => {
    expect(parseTargets(JSON.stringify([valid]))).toEqual([{ ...valid, quorum: 1, defaultDurationMinutes: 60 }]);
  });

  it("names the target and the field of a bad value", () => {
    expect(problems([{ ...valid, pimGroupId: "admin" }])).toEqual(['JIT_TARGETS: target "aks-prod": pimGroupId must be a GUID']);
  });

  it("names a target without id by its position", () => {
    const { id: _id, ...rest } = valid;
    expect(problems([valid, { ...rest, quorum: 0 }])).toEqual([
      "JIT_TARGETS: target #2: id is required",
      "JIT_TARGETS: target #2: quorum must be at least 1",
    ]);
  });

  it("refuses duplicate ids", () => {
    expect(problems([valid, valid])).toEqual(['JIT_TARGETS: target "aks-prod": id is used more than once']);
  });

  it("refuses a default duration above the maximum and durations under PIM's 5-minute floor", () => {
    expect(problems([{ ...valid, defaultDurationMinutes: 600 }])).toEqual([
      'JIT_TARGETS: target "aks-prod": defaultDurationMinutes must not exceed maxDurationMinutes (480)',
    ]);
    expect(problems([{ ...valid, maxDurationMinutes: 4, defaultDurationMinutes: 4 }])).toHaveLength(2);
  });

  it("refuses something that is not a cluster resource id, and unknown fields", () => {
    const p = problems([{ ...valid, clusterResourceId: "aks-prod", quorom: 2 }]);
    expect(p.some((x) => x.includes("clusterResourceId must be the ARM id of a managed cluster"))).toBe(true);
    expect(p.some((x) => x.includes('Unrecognized key: "quorom"'))).toBe(true);
  });

  it("explains invalid JSON and an empty list", () => {
    expect(() => parseTargets("{nope")).toThrow(/JIT_TARGETS: is not valid JSON/);
    expect(() => parseTargets("[]")).toThrow(/non-empty JSON array/);
  });
});

describe("cluster helpers", () => {
  it("splits the cluster resource id", () => {
    expect(parseClusterResourceId(cluster)).toEqual({ subscriptionId: "0b1c2d3e-0000-4000-8000-000000000001", resourceGroup: "rg-aks-prod", name: "aks-prod" });
  });
  it("derives the az aks get-credentials command from the id", () => {
    expect(clusterAccessCommands(cluster)[0]?.command).toBe(
      "az aks get-credentials --subscription 0b1c2d3e-0000-4000-8000-000000000001 --resource-group rg-aks-prod --name aks-prod --overwrite-existing",
    );
  });
});
