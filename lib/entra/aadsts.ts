/**
 * Microsoft Entra ID error codes (AADSTSnnnn) in plain English, for the sign-in error page and for logs.
 * Entra's own descriptions are written for developers and contain trace ids; a person needs to know whether to
 * retry, ask an administrator, or fix the configuration (and which variable).
 */
export interface EntraFailure {
  /** OAuth `error` (invalid_grant, invalid_client, access_denied, …) or an MSAL client error code. */
  error: string;
  /** First AADSTS number, when Entra sent one. */
  aadsts?: number;
  correlationId?: string;
  /** Entra's description, for logs only (never shown to users). */
  description?: string;
}

type Audience = "user" | "admin";
interface Explanation {
  audience: Audience;
  text: string;
}

const explanations: Record<number, Explanation> = {
  7000215: { audience: "admin", text: "This app's credentials were rejected by Microsoft Entra ID. An administrator must update AZURE_CLIENT_SECRET" },
  7000222: { audience: "admin", text: "This app's client secret has expired. An administrator must create a new secret for the app registration and update AZURE_CLIENT_SECRET" },
  700027: { audience: "admin", text: "Microsoft Entra ID did not accept this app's certificate. An administrator must upload the certificate in AZURE_CLIENT_CERTIFICATE_PATH to the app registration" },
  70021: { audience: "admin", text: "Microsoft Entra ID found no federated credential matching this app's workload identity. An administrator must check the federated credential's issuer, subject and audience" },
  700211: { audience: "admin", text: "Microsoft Entra ID does not trust the issuer of this app's workload identity token. An administrator must add a federated credential for the cluster's OIDC issuer" },
  700024: { audience: "admin", text: "This app's workload identity token is outside its validity period. Check the clock and that AZURE_FEDERATED_TOKEN_FILE is being refreshed" },
  700016: { audience: "admin", text: "The app registration was not found in this tenant. An administrator must check AZURE_CLIENT_ID and AZURE_TENANT_ID" },
  90002: { audience: "admin", text: "The tenant was not found. An administrator must check AZURE_TENANT_ID" },
  50011: { audience: "admin", text: "This app's sign-in address is not registered. An administrator must add APP_URL/api/auth/callback as a Web redirect URI of the app registration" },
  65001: { audience: "admin", text: "The app has not been granted the permissions it needs. An administrator must grant admin consent for the app's Microsoft Graph permissions" },
  65004: { audience: "user", text: "You declined to give the app the permissions it needs. Sign in again and accept, or ask an administrator to grant consent for the organisation" },
  50105: { audience: "user", text: "Your account is not assigned to this app. Ask an administrator to assign you to the enterprise application" },
  50020: { audience: "user", text: "This account belongs to another organisation. Sign in with your work account in this tenant" },
  50034: { audience: "user", text: "That account does not exist in this organisation. Check the user name and try again" },
  50126: { audience: "user", text: "The user name or password was wrong. Try again" },
  50053: { audience: "user", text: "Your account is locked after too many sign-in attempts. Wait a while or contact your help desk" },
  50057: { audience: "user", text: "Your account is disabled. Contact your administrator" },
  50076: { audience: "user", text: "Your organisation requires multi-factor authentication for this. Sign in again and complete the extra verification" },
  50079: { audience: "user", text: "You must register for multi-factor authentication before signing in" },
  53003: { audience: "user", text: "A Conditional Access policy blocked this sign-in. Contact your administrator with the correlation id below" },
  70008: { audience: "user", text: "The sign-in took too long and expired. Sign in again" },
  54005: { audience: "user", text: "This sign-in response was already used (perhaps the page was reloaded). Sign in again" },
  501481: { audience: "user", text: "The sign-in could not be verified (PKCE mismatch). Sign in again" },
  50173: { audience: "user", text: "Your sign-in was revoked (for example after a password change or a session revocation). Sign in again" },
  700082: { audience: "user", text: "Your sign-in expired after a long period of inactivity. Sign in again" },
  70011: { audience: "admin", text: "Microsoft Entra ID rejected the permissions the app asked for. An administrator must check the app's API permissions" },
  1002012: { audience: "admin", text: "Microsoft Entra ID rejected the permissions the app asked for. An administrator must check the app's API permissions" },
};

/** Explanation for an AADSTS number, ending with "(AADSTSnnnn)", or undefined when we don't know it. */
export function explainAadsts(code: number): string | undefined {
  const e = explanations[code];
  return e ? `${e.text} (AADSTS${code}).` : undefined;
}

/** True when the fix is on the administrator's side (configuration, consent), not the user's. */
export function isAdminFixable(code: number): boolean {
  return explanations[code]?.audience === "admin";
}

const aadstsPattern = /AADSTS(\d{4,8})/;
const correlationPattern = /Correlation ID:\s*([0-9a-f-]{36})/i;

/** From the callback's `error`, `error_description` (and optional `error_codes`) query parameters. */
export function entraFailureFromQuery(params: URLSearchParams): EntraFailure {
  const description = params.get("error_description") ?? undefined;
  const aadsts = Number(aadstsPattern.exec(description ?? "")?.[1] ?? Number.NaN);
  const correlationId = correlationPattern.exec(description ?? "")?.[1] ?? params.get("correlation_id") ?? undefined;
  return {
    error: params.get("error") ?? "unknown_error",
    ...(Number.isFinite(aadsts) ? { aadsts } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(description ? { description } : {}),
  };
}

/** From an MSAL AuthError / ServerError (errorCode, errorMessage, errorNo, correlationId), or anything else. */
export function entraFailureFromError(e: unknown): EntraFailure {
  if (!e || typeof e !== "object") return { error: "unknown_error" };
  const err = e as { errorCode?: unknown; errorMessage?: unknown; errorNo?: unknown; correlationId?: unknown; message?: unknown };
  const description = typeof err.errorMessage === "string" ? err.errorMessage : typeof err.message === "string" ? err.message : undefined;
  const fromNo = typeof err.errorNo === "string" || typeof err.errorNo === "number" ? Number(err.errorNo) : Number.NaN;
  const aadsts = Number.isFinite(fromNo) && fromNo > 0 ? fromNo : Number(aadstsPattern.exec(description ?? "")?.[1] ?? Number.NaN);
  const correlationId =
    (typeof err.correlationId === "string" && err.correlationId) || correlationPattern.exec(description ?? "")?.[1] || undefined;
  return {
    error: typeof err.errorCode === "string" && err.errorCode ? err.errorCode : "unknown_error",
    ...(Number.isFinite(aadsts) ? { aadsts } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(description ? { description } : {}),
  };
}
