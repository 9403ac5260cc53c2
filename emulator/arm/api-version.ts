/**
 * ARM insists on `api-version`. Microsoft.Authorization is answered only for 2022-04-01 (the version
 * @azure/arm-authorization 9 uses); managed clusters accept any GA version since 2021-03-01, the first
 * with `aadProfile.enableAzureRBAC`.
 */
import { ArmError, type Ctx } from "../core/types";

export const AUTHORIZATION_API_VERSION = "2022-04-01";
const FIRST_CLUSTER_VERSION = "2021-03-01";

function apiVersionOf(ctx: Ctx): string {
  const version = [...ctx.query.entries()].find(([k]) => k.toLowerCase() === "api-version")?.[1];
  if (!version) throw new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  return version;
}

export function requireAuthorizationApiVersion(ctx: Ctx): void {
  const version = apiVersionOf(ctx);
  if (version !== AUTHORIZATION_API_VERSION) {
    throw new ArmError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${version}' is invalid. The supported versions are '${AUTHORIZATION_API_VERSION}'.`,
    );
  }
}

export function requireClusterApiVersion(ctx: Ctx, location: string): void {
  const version = apiVersionOf(ctx);
  const isGa = /^\d{4}-\d{2}-\d{2}$/.test(version);
  if (!isGa || version < FIRST_CLUSTER_VERSION) {
    throw new ArmError(
      400,
      "NoRegisteredProviderFound",
      `No registered resource provider found for location '${location}' and API version '${version}' for type 'managedClusters'. The supported api-versions are '${FIRST_CLUSTER_VERSION}' and later GA versions. The supported locations are '${location}'.`,
    );
  }
}
