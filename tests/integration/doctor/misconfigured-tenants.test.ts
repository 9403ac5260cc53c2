/**
 * One misconfiguration at a time (emulator/fixtures/misconfigured/*.json applied to the seeded tenant): exactly the
 * check that covers it fails (or warns), with a remedy naming the real ids, and nothing else changes — apart from
 * the seeded tenant's one deliberate warning (approver p02 is also eligible through the default group).
 */
import { afterAll, describe, expect, it } from "vitest";
import { runDoctor } from "@/lib/doctor/run-doctor";
import type { CheckResult, CheckStatus, DoctorReport } from "@/lib/doctor/types";
import { misconfiguredNames, misconfiguredTenant } from "./fixture-patch";
import { SEED, setupDoctorEnvironment } from "./doctor-env";

const env = setupDoctorEnvironment();
const covered = new Set<string>();

async function reportFor(name: string): Promise<DoctorReport> {
  covered.add(name);
  env().useTenant(misconfiguredTenant(name));
  return runDoctor();
}

const isSeedWarning = (r: CheckResult) => r.id === "approver-separation" && r.status === "warn";

/** The one result with `id`, after asserting that every other check is as on the seeded tenant. */
function onlyFinding(report: DoctorReport, id: string, status: CheckStatus): CheckResult {
  const finding = report.results.find((r) => r.id === id);
  expect(finding?.status, finding?.detail).toBe(status);
  const others = report.results.filter((r) => r.id !== id && r.status !== "pass" && !isSeedWarning(r));
  expect(others.map((r) => `${r.id}: ${r.status}: ${r.detail}`)).toEqual([]);
  expect(finding?.fix).toBeTruthy();
  return finding as CheckResult;
}

const clusterScope = SEED.clusterId;

describe("setup check on misconfigured tenants", () => {
  it("a policy without approval fails approval-required, saying eligible users could bypass the app", async () => {
    const r = onlyFinding(await reportFor("no-approval-required"), "approval-required", "fail");
    expect(r.detail).toContain("eligible users could activate in the Entra portal and bypass the app");
    expect(r.fix).toContain("az rest --method patch");
    expect(r.fix).toMatch(new RegExp(`/v1\\.0/policies/roleManagementPolicies/Group_${SEED.adminGroup}_[0-9a-f-]+/rules/Approval_EndUser_Assignment`));
    expect(r.fix).toContain('"isApprovalRequired":true');
    expect(r.fix).toContain(`"groupId":"${SEED.approverGroup}"`);
  });

  it("another group as PIM approver fails approver-policy and patches in the configured approver group", async () => {
    const r = onlyFinding(await reportFor("wrong-approver-group"), "approver-policy", "fail");
    expect(r.detail).toContain("jit-auditors");
    expect(r.detail).toContain(`not the configured approver group approver (${SEED.approverGroup})`);
    expect(r.fix).toContain(`"primaryApprovers":[{"@odata.type":"#microsoft.graph.groupMembers","groupId":"${SEED.approverGroup}"`);
  });

  it("a PIM maximum below the target's maximum fails max-duration and raises it to the target's", async () => {
    const r = onlyFinding(await reportFor("max-duration-too-short"), "max-duration", "fail");
    expect(r.detail).toContain("at most 1 hour");
    expect(r.detail).toContain("up to 4 hours");
    expect(r.fix).toContain('"maximumDuration":"PT4H"');
    expect(r.fix).toContain("Expiration_EndUser_Assignment");
  });

  it("a policy without justification fails justification-required and adds Justification to the enablement rule", async () => {
    const r = onlyFinding(await reportFor("justification-not-required"), "justification-required", "fail");
    expect(r.fix).toContain("rules/Enablement_EndUser_Assignment");
    expect(r.fix).toContain('"enabledRules":["Justification"]');
  });

  it("an Azure role of the approver group fails approver-azure-roles with the exact assignment to delete", async () => {
    const r = onlyFinding(await reportFor("approver-group-has-azure-role"), "approver-azure-roles", "fail");
    expect(r.detail).toContain(`Reader at /subscriptions/${SEED.subscriptionId}/resourceGroups/rg-aks-prod`);
    expect(r.fix).toBe(
      `az role assignment delete --ids /subscriptions/${SEED.subscriptionId}/resourceGroups/rg-aks-prod/providers/Microsoft.Authorization/roleAssignments/5f0c3c1a-0000-4000-8000-0000000000f1`,
    );
  });

  it("an approver group with only owners fails approver-members and adds the owners as members", async () => {
    const r = onlyFinding(await reportFor("approver-group-only-owners"), "approver-members", "fail");
    expect(r.detail).toContain("owners cannot approve");
    for (const user of [SEED.p01, SEED.p02, SEED.o01]) expect(r.fix).toContain(`az ad group member add --group ${SEED.approverGroup} --member-id ${user}`);
  });

  it("a PIM group without AKS RBAC Admin fails pim-group-role with the role assignment to create", async () => {
    const r = onlyFinding(await reportFor("admin-group-lacks-rbac-admin"), "pim-group-role", "fail");
    expect(r.fix).toContain(
      `az role assignment create --assignee-object-id ${SEED.adminGroup} --assignee-principal-type Group --role 3498e952-d568-435e-9b2c-8d77e338d7f7 --scope ${clusterScope}`,
    );
  });

  it("an eligible default group without RBAC Reader and Cluster User Role fails eligible-roles with both assignments", async () => {
    const r = onlyFinding(await reportFor("default-group-lacks-reader-and-cluster-user"), "eligible-roles", "fail");
    expect(r.detail).toContain("Azure Kubernetes Service RBAC Reader and Azure Kubernetes Service Cluster User Role");
    const create = `az role assignment create --assignee-object-id ${SEED.defaultGroup} --assignee-principal-type Group`;
    expect(r.fix).toContain(`${create} --role 7f6c6a51-bcf8-42ba-9220-52d62157d7db --scope ${clusterScope}`);
    expect(r.fix).toContain(`${create} --role 4abbcc35-e782-43d8-92c5-2d3f1bd2253f --scope ${clusterScope}`);
  });

  it("a cluster without Azure RBAC fails cluster-azure-rbac and explains the Kubernetes binding alternative", async () => {
    const r = onlyFinding(await reportFor("cluster-without-azure-rbac"), "cluster-azure-rbac", "fail");
    expect(r.detail).toContain("Kubernetes RBAC");
    expect(r.detail).toContain("ClusterRoleBinding");
    expect(r.fix).toContain("az aks update --resource-group rg-aks-prod --name aks-prod --enable-azure-rbac");
    expect(r.fix).toContain(`--group=${SEED.adminGroup}`);
  });

  it("the PIM group among the cluster's admin groups fails cluster-admin-groups", async () => {
    const r = onlyFinding(await reportFor("pim-group-in-admin-groups"), "cluster-admin-groups", "fail");
    expect(r.detail).toContain("cluster-admin");
    expect(r.fix).toContain("az aks update --resource-group rg-aks-prod --name aks-prod --aad-admin-group-object-ids");
  });

  it("a missing Graph application permission fails app-permissions with the permission to add and consent", async () => {
    const r = onlyFinding(await reportFor("app-missing-graph-permission"), "app-permissions", "fail");
    expect(r.detail).toContain("Missing: PrivilegedAssignmentSchedule.Read.AzureADGroup");
    expect(r.fix).toContain(
      `az ad app permission add --id ${SEED.clientId} --api 00000003-0000-0000-c000-000000000000 --api-permissions cd4161cb-f098-48f8-a884-1eda9a42434c=Role`,
    );
    expect(r.fix).toContain(`az ad app permission admin-consent --id ${SEED.clientId}`);
  });

  it("a missing service mailbox fails mail-sender without sending any mail", async () => {
    const report = await reportFor("mailbox-missing");
    const r = onlyFinding(report, "mail-sender", "fail");
    expect(r.detail).toContain(SEED.mailSender);
    expect(r.detail).toContain("never sends mail");
    expect(await env().emulator.hooks.mail()).toEqual([]);
  });

  it("an approver who is a standing member of the PIM group fails approver-separation", async () => {
    const r = onlyFinding(await reportFor("approver-is-standing-admin"), "approver-separation", "fail");
    expect(r.detail).toContain("p01@contoso.example");
    expect(r.fix).toBe(`az ad group member remove --group ${SEED.adminGroup} --member-id ${SEED.p01}`);
  });

  it("a cluster with local accounts warns in cluster-local-accounts", async () => {
    const r = onlyFinding(await reportFor("cluster-local-accounts-enabled"), "cluster-local-accounts", "warn");
    expect(r.fix).toBe("az aks update --resource-group rg-aks-prod --name aks-prod --disable-local-accounts");
  });

  it("when the app cannot read the cluster in ARM, every ARM check fails with the Reader assignment as the fix", async () => {
    const report = await reportFor("app-cannot-read-cluster");
    const armChecks = ["approver-azure-roles", "pim-group-role", "eligible-roles", "cluster-azure-rbac", "cluster-admin-groups", "cluster-local-accounts"];
    for (const id of armChecks) {
      const r = report.results.find((x) => x.id === id);
      expect(r?.status, id).toBe("fail");
      expect(r?.detail).toContain("AuthorizationFailed");
      expect(r?.fix).toContain(`az role assignment create --assignee ${SEED.clientId} --role Reader --scope ${clusterScope}`);
    }
    expect(report.results.filter((r) => !armChecks.includes(r.id) && r.status === "fail")).toEqual([]);
  });

  afterAll(() => {
    // Every fixture in the folder is exercised above (a new file without a test would be dead weight).
    expect(misconfiguredNames().filter((n) => !covered.has(n))).toEqual([]);
  });
});
