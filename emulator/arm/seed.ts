/** Builds the ARM slice from the fixture's `arm` section (validated; role assignment names derived when absent). */
import { z } from "zod";
import type { TenantFixture } from "../core/types";
import { stableGuid } from "../policies/stable-guid";
import { findBuiltInRole } from "./role-catalogue";
import { normaliseScope } from "./scope";
import type { ArmState } from "./state";

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");

const armSection = z.object({
  subscriptionId: guid,
  resourceGroups: z.array(z.union([z.string().min(1), z.object({ name: z.string().min(1), location: z.string().default("westeurope") })])).default([]),
  managedClusters: z
    .array(
      z.object({
        resourceGroup: z.string().min(1),
        name: z.string().min(1),
        location: z.string().default("westeurope"),
        kubernetesVersion: z.string().default("1.30.5"),
        enableRBAC: z.boolean().default(true),
        disableLocalAccounts: z.boolean().default(true),
        aadProfile: z.object({
          managed: z.boolean().default(true),
          enableAzureRBAC: z.boolean().default(true),
          adminGroupObjectIDs: z.array(guid).default([]),
          tenantID: guid.optional(),
        }),
        oidcIssuerURL: z.string().optional(),
      }),
    )
    .default([]),
  roleAssignments: z
    .array(
      z.object({
        name: guid.optional(),
        principalId: guid,
        principalType: z.enum(["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"]),
        roleDefinitionId: z.string().refine((id) => findBuiltInRole(id) !== undefined, "must name a built-in role the emulator knows"),
        scope: z.string().startsWith("/"),
        description: z.string().nullish(),
      }),
    )
    .default([]),
  pageSize: z.number().int().min(1).max(1000).default(100),
});

export function seedArm(fixture: TenantFixture, nowIso: string): ArmState {
  if (fixture.arm === undefined) return emptyArm(fixture);
  const parsed = armSection.safeParse(fixture.arm);
  if (!parsed.success) throw new Error(`Invalid fixture.arm:\n${z.prettifyError(parsed.error)}`);
  const arm = parsed.data;
  const tenantId = fixture.tenant.id;
  return {
    subscriptionId: arm.subscriptionId.toLowerCase(),
    tenantId,
    resourceGroups: arm.resourceGroups.map((rg) => (typeof rg === "string" ? { name: rg, location: "westeurope" } : rg)),
    managedClusters: arm.managedClusters.map((c) => ({
      ...c,
      aadProfile: { ...c.aadProfile, tenantID: c.aadProfile.tenantID ?? tenantId },
      oidcIssuerURL: c.oidcIssuerURL ?? `https://${c.location}.oic.prod-aks.azure.com/${tenantId}/${stableGuid("oidc", c.name)}/`,
    })),
    roleAssignments: arm.roleAssignments.map((ra) => ({
      name: (ra.name ?? stableGuid("role-assignment", ra.scope.toLowerCase(), ra.principalId.toLowerCase(), ra.roleDefinitionId.toLowerCase())).toLowerCase(),
      scope: normaliseScope(ra.scope),
      roleDefinitionGuid: findBuiltInRole(ra.roleDefinitionId)?.id ?? ra.roleDefinitionId,
      principalId: ra.principalId.toLowerCase(),
      principalType: ra.principalType,
      description: ra.description ?? null,
      createdOn: nowIso,
      updatedOn: nowIso,
      createdBy: null,
      updatedBy: null,
    })),
    servicePrincipalIds: fixture.applications.map((a) => a.servicePrincipalId.toLowerCase()),
    pageSize: arm.pageSize,
  };
}

/** A tenant without an `arm` section still answers ARM calls (with 404s/403s) instead of crashing. */
function emptyArm(fixture: TenantFixture): ArmState {
  return {
    subscriptionId: "00000000-0000-0000-0000-000000000000",
    tenantId: fixture.tenant.id,
    resourceGroups: [],
    managedClusters: [],
    roleAssignments: [],
    servicePrincipalIds: fixture.applications.map((a) => a.servicePrincipalId.toLowerCase()),
    pageSize: 100,
  };
}
