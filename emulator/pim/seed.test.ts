import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TenantFixture } from "../core/types";
import { seedPim } from "./seed";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/tenant.json", import.meta.url), "utf8")) as TenantFixture;
const NOW = Date.parse("2026-03-04T10:00:00Z");

describe("seedPim", () => {
  it("seeds the group-held eligibility of the demo tenant with stable ids", () => {
    const state = seedPim(fixture, NOW);
    expect(state.schedules).toHaveLength(1);
    expect(state.schedules[0]).toMatchObject({
      family: "eligibility",
      groupId: "9a8b7c6d-0000-4000-8000-00000000b001",
      principalId: "9a8b7c6d-0000-4000-8000-00000000b000",
      startDateTime: "2026-01-01T00:00:00.0000000Z",
      endDateTime: null,
      expiration: { type: "noExpiration" },
    });
    expect(state.schedules[0]!.instanceId).toBe(state.schedules[0]!.id);
    expect(seedPim(fixture, NOW + 1000).schedules[0]!.id).toBe(state.schedules[0]!.id);
    expect(state.applicationNames["a1b2c3d4-0000-4000-8000-00000000a001"]).toBe("AKS JIT Access");
  });

  it("seeds active assignments whose membership the first tick applies", () => {
    const withAssignment = { ...fixture, pim: { assignments: [{ groupId: "9a8b7c6d-0000-4000-8000-00000000b001", principalId: "5e4d3c2b-0000-4000-8000-00000000c002" }] } };
    const [schedule] = seedPim(withAssignment, NOW).schedules;
    expect(schedule).toMatchObject({ family: "assignment", assignmentType: "Assigned", isMembershipApplied: false, startDateTime: "2026-03-04T10:00:00.0000000Z" });
    expect(schedule!.instanceId).not.toBe(schedule!.id);
  });

  it("fails loudly on entries naming unknown groups or principals or bad dates", () => {
    const bad = (entry: Record<string, unknown>) => ({ ...fixture, pim: { eligibilities: [{ groupId: "9a8b7c6d-0000-4000-8000-00000000b001", principalId: "9a8b7c6d-0000-4000-8000-00000000b000", ...entry }] } });
    expect(() => seedPim(bad({ groupId: "9a8b7c6d-0000-4000-8000-0000000000ff" }), NOW)).toThrow(/not a group/);
    expect(() => seedPim(bad({ principalId: "5e4d3c2b-0000-4000-8000-0000000000ff" }), NOW)).toThrow(/not a user or group/);
    expect(() => seedPim(bad({ endDateTime: "soon" }), NOW)).toThrow(/fixture\.pim/);
    expect(() => seedPim(bad({ accessId: "guest" }), NOW)).toThrow(/fixture\.pim/);
  });
});
