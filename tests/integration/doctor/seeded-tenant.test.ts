import { describe, expect, it } from "vitest";
import { CHECKS } from "@/lib/doctor/checks";
import { formatReport } from "@/lib/doctor/format-report";
import { runDoctor } from "@/lib/doctor/run-doctor";
import { seededTenant } from "./fixture-patch";
import { SEED, setupDoctorEnvironment } from "./doctor-env";

const env = setupDoctorEnvironment();

describe("setup check on the seeded tenant", () => {
  it("passes every check except the one deliberate warning: approver p02 is also eligible", async () => {
    env().useTenant(seededTenant());
    const report = await runDoctor();

    // Two app checks plus every target check once for the one configured target.
    expect(report.results).toHaveLength(CHECKS.length);
    const notPassing = report.results.filter((r) => r.status !== "pass");
    expect(notPassing.map((r) => `${r.id}:${r.status}`)).toEqual(["approver-separation:warn"]);
    expect(notPassing[0]?.detail).toContain("p02@contoso.example");
    expect(notPassing[0]?.fix).toContain(`az ad group member remove --group ${SEED.approverGroup} --member-id ${SEED.p02}`);
    expect(report.results.filter((r) => r.status === "pass").every((r) => r.fix === null)).toBe(true);
    expect(report).toMatchObject({ isHealthy: true, tenantId: SEED.tenantId, clientId: SEED.clientId, summary: { pass: CHECKS.length - 1, warn: 1, fail: 0 } });
    expect(report.results.find((r) => r.id === "approval-required")?.target).toEqual({ id: "aks-prod-admin", displayName: "AKS prod · RBAC Admin" });
  });

  it("renders a readable text report with ✔, ! and the remedy under the warning", async () => {
    env().useTenant(seededTenant());
    const text = formatReport(await runDoctor());
    expect(text).toContain("✔ Activation requires approval  [approval-required]");
    expect(text).toContain("! Approvers are not eligible for or members of the PIM group  [approver-separation]");
    expect(text).toMatch(/ {4}fix:\n {6}# p02@contoso\.example/);
    expect(text).toContain(`Target "aks-prod-admin" (AKS prod · RBAC Admin)`);
    expect(text.trimEnd().split("\n").at(-1)).toBe(`${CHECKS.length - 1} passed, 1 warning, 0 failed`);
  });
});
