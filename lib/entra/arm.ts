/**
 * Azure Resource Manager, app-only (entra-graph-api.md §13): role assignments through @azure/arm-authorization 9,
 * and the AKS managed cluster through a plain authenticated fetch (there is no container-service SDK in the
 * project, and one GET does not justify one). Both use the same app token as the rest of lib/entra, so the
 * emulator and Azure are reached by the same code; only ARM_ENDPOINT differs.
 */
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import type { TokenCredential } from "@azure/core-auth";
import { z } from "zod";
import { loadEnv } from "@/lib/env";
import { getAppAccessToken } from "./tokens";

/** The audience of ARM tokens, whatever host ARM_ENDPOINT names (§13.1: the SDK would otherwise ask for `<endpoint>/.default`). */
export const ARM_SCOPE = "https://management.azure.com/.default";
/** First GA api-version with everything the setup check reads from the cluster (§13.5). */
export const MANAGED_CLUSTER_API_VERSION = "2024-09-01";

export interface ArmOptions {
  /** e.g. "https://management.azure.com" (default: ARM_ENDPOINT). */
  endpoint?: string;
  /** Default: the app-only ARM token from MSAL. */
  getToken?: () => Promise<string>;
}

const endpointOf = (options: ArmOptions) => (options.endpoint ?? loadEnv().ARM_ENDPOINT).replace(/\/+$/, "");

/**
 * MSAL's app token as an Azure SDK credential. The token is opaque, so the expiry handed to the SDK is a short
 * horizon rather than the real `exp`: MSAL only returns tokens valid for at least five more minutes and serves
 * repeats from its cache, so asking it again every few minutes costs nothing and never hands out a stale token.
 */
export function appTokenCredential(getToken: () => Promise<string> = () => getAppAccessToken("arm")): TokenCredential {
  return {
    async getToken() {
      return { token: await getToken(), expiresOnTimestamp: Date.now() + 4 * 60_000 };
    },
  };
}

export function createAuthorizationClient(subscriptionId: string, options: ArmOptions = {}): AuthorizationManagementClient {
  return new AuthorizationManagementClient(appTokenCredential(options.getToken), subscriptionId, {
    endpoint: endpointOf(options),
    credentialScopes: [ARM_SCOPE],
  });
}

export interface RoleAssignmentView {
  id: string;
  /** The GUID of the role definition (assignments carry a subscription-qualified id; compare by GUID, §13.2). */
  roleDefinitionGuid: string;
  principalId: string;
  principalType: string;
  scope: string;
}

/**
 * Role assignments of exactly `principalId` at, above or below `scope` (`principalId eq` semantics, §13.2): for a
 * cluster scope that is the whole chain cluster → resource group → subscription → root, plus anything inside
 * the cluster. Assignments the principal gets through a group it belongs to are not included.
 */
export async function listRoleAssignmentsOf(client: AuthorizationManagementClient, scope: string, principalId: string): Promise<RoleAssignmentView[]> {
  const out: RoleAssignmentView[] = [];
  const filter = `principalId eq '${principalId.replace(/'/g, "''")}'`;
  for await (const ra of client.roleAssignments.listForScope(scope, { filter })) {
    out.push({
      id: ra.id ?? "",
      roleDefinitionGuid: (ra.roleDefinitionId ?? "").split("/").pop()?.toLowerCase() ?? "",
      principalId: (ra.principalId ?? "").toLowerCase(),
      principalType: ra.principalType ?? "",
      scope: ra.scope ?? "",
    });
  }
  return out;
}

/** An ARM call that answered with an error body (`{"error":{"code","message"}}`, §13.6). */
export class ArmRequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ArmRequestError";
  }
}

const clusterSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  properties: z.looseObject({
    provisioningState: z.string().nullish(),
    enableRBAC: z.boolean().nullish(),
    disableLocalAccounts: z.boolean().nullish(),
    // REST casing (§13.5): enableAzureRBAC / adminGroupObjectIDs / tenantID, not the JS SDK's camelCase.
    aadProfile: z
      .looseObject({
        managed: z.boolean().nullish(),
        enableAzureRBAC: z.boolean().nullish(),
        adminGroupObjectIDs: z.array(z.string()).nullish(),
        tenantID: z.string().nullish(),
      })
      .nullish(),
  }),
});

export interface ManagedCluster {
  id: string;
  name: string;
  enableRBAC: boolean;
  disableLocalAccounts: boolean;
  /** Null when the cluster has no Entra integration at all. */
  aad: { managed: boolean; enableAzureRBAC: boolean; adminGroupObjectIDs: string[]; tenantId: string | null } | null;
}

/** GET of the managed cluster resource, e.g. `/subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerService/managedClusters/…`. */
export async function getManagedCluster(clusterResourceId: string, options: ArmOptions = {}): Promise<ManagedCluster> {
  const token = await (options.getToken ?? (() => getAppAccessToken("arm")))();
  const url = `${endpointOf(options)}${clusterResourceId}?api-version=${MANAGED_CLUSTER_API_VERSION}`;
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" }, signal: AbortSignal.timeout(30_000) });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new ArmRequestError(
      res.status,
      typeof error?.code === "string" ? error.code : `HTTP${res.status}`,
      typeof error?.message === "string" ? error.message : `ARM answered HTTP ${res.status} for the managed cluster.`,
    );
  }
  const c = clusterSchema.parse(body);
  const aad = c.properties.aadProfile;
  return {
    id: c.id,
    name: c.name,
    enableRBAC: c.properties.enableRBAC ?? false,
    disableLocalAccounts: c.properties.disableLocalAccounts ?? false,
    aad: aad
      ? {
          managed: aad.managed ?? false,
          enableAzureRBAC: aad.enableAzureRBAC ?? false,
          adminGroupObjectIDs: (aad.adminGroupObjectIDs ?? []).map((g) => g.toLowerCase()),
          tenantId: aad.tenantID ?? null,
        }
      : null,
  };
}

/** Status and code of an error from either ARM path (SDK RestError or ArmRequestError), if it is one. */
export function armErrorInfo(e: unknown): { statusCode: number; code: string; message: string } | undefined {
  if (e instanceof ArmRequestError) return { statusCode: e.statusCode, code: e.code, message: e.message };
  // isRestError by shape: the SDK may load its own copy of core-rest-pipeline.
  const r = e as { name?: unknown; statusCode?: unknown; code?: unknown; message?: unknown } | null;
  if (r && r.name === "RestError" && typeof r.statusCode === "number") {
    return { statusCode: r.statusCode, code: typeof r.code === "string" ? r.code : `HTTP${r.statusCode}`, message: typeof r.message === "string" ? r.message : "" };
  }
  return undefined;
}
