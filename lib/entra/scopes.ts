/**
 * Delegated Microsoft Graph permissions the app asks for at sign-in. MSAL adds `openid profile offline_access`.
 *
 * Scope identifiers name the resource, not the URL we send requests to: they stay `https://graph.microsoft.com/…`
 * even when GRAPH_BASE_URL points at the emulator or a national cloud proxy. They are fully qualified because MSAL
 * matches cached access tokens by the exact scope strings, and a mix of short and qualified forms would miss.
 */
export const GRAPH_RESOURCE = "https://graph.microsoft.com";
export const ARM_RESOURCE = "https://management.azure.com";

export const graphScope = (permission: string): string => `${GRAPH_RESOURCE}/${permission}`;

/** Everything the signed-in user's token must carry; consented once at sign-in. */
export const SIGN_IN_SCOPES: readonly string[] = [
  graphScope("User.Read"),
  graphScope("PrivilegedEligibilitySchedule.Read.AzureADGroup"),
  graphScope("PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"),
  graphScope("RoleManagementPolicy.Read.AzureADGroup"),
];

/**
 * OpenID Connect scopes added at sign-in on top of MSAL's `openid profile offline_access`: `email` puts the user's
 * mail address in the ID token. MSAL ignores OIDC scopes when matching cached tokens, so later requests for Graph
 * scopes alone still hit the cache.
 */
export const SIGN_IN_OIDC_SCOPES: readonly string[] = ["email"];

/** App-only (client credentials) scopes: exactly one `<resource>/.default` per request. */
export const APP_SCOPES = {
  graph: `${GRAPH_RESOURCE}/.default`,
  arm: `${ARM_RESOURCE}/.default`,
} as const;

export type AppResource = keyof typeof APP_SCOPES;
