import { explainAadsts, isAdminFixable } from "@/lib/entra/aadsts";

/**
 * Why a sign-in failed, in words a person can act on. The callback redirects to `/auth/error?code=…` with only a
 * code (and Entra's correlation id): the page renders text from this table, so nothing attacker-supplied is shown.
 */
export interface SignInErrorView {
  code: string;
  title: string;
  message: string;
  /** Whether signing in again may help (false: an administrator has to act first). */
  canRetry: boolean;
}

/** Our own codes (failures on our side of the redirect) and the OAuth `error` values Entra sends back. */
const ours: Record<string, Omit<SignInErrorView, "code">> = {
  sign_in_expired: {
    title: "Your sign-in expired",
    message: "The sign-in took longer than 10 minutes, or it was started in another browser. Please start again.",
    canRetry: true,
  },
  state_mismatch: {
    title: "Sign-in did not match",
    message: "This answer from Microsoft does not belong to the sign-in you started (perhaps it was started in another tab). Please start again.",
    canRetry: true,
  },
  invalid_callback: { title: "Incomplete sign-in response", message: "The answer from Microsoft was incomplete. Please start again.", canRetry: true },
  id_token_invalid: {
    title: "Sign-in could not be verified",
    message: "The identity token from Microsoft Entra ID failed verification, so you were not signed in. If this keeps happening, contact an administrator.",
    canRetry: true,
  },
  entra_unreachable: {
    title: "Microsoft Entra ID is unreachable",
    message: "The app could not reach Microsoft Entra ID. Try again in a minute.",
    canRetry: true,
  },
  access_denied: { title: "Sign-in cancelled", message: "The sign-in was cancelled or access was denied.", canRetry: true },
  consent_required: {
    title: "Consent required",
    message: "The app needs permissions that have not been granted. An administrator must grant admin consent for the app's Microsoft Graph permissions.",
    canRetry: false,
  },
  interaction_required: { title: "Sign in again", message: "Microsoft Entra ID needs you to sign in interactively.", canRetry: true },
  login_required: { title: "Sign in again", message: "Microsoft Entra ID needs you to sign in interactively.", canRetry: true },
  temporarily_unavailable: { title: "Microsoft Entra ID is busy", message: "Microsoft Entra ID is temporarily unavailable. Try again in a minute.", canRetry: true },
  server_error: { title: "Microsoft Entra ID failed", message: "Microsoft Entra ID had an internal error. Try again in a minute.", canRetry: true },
  invalid_client: {
    title: "App credentials rejected",
    message: "This app's credentials were rejected by Microsoft Entra ID. An administrator must check the app registration's credential.",
    canRetry: false,
  },
  unauthorized_client: {
    title: "App not allowed",
    message: "Microsoft Entra ID does not allow this app to sign users in. An administrator must check AZURE_CLIENT_ID and the app registration.",
    canRetry: false,
  },
};

/** A code safe to put in a URL: letters, digits and underscores only. */
export function normalizeSignInErrorCode(code: unknown): string {
  return typeof code === "string" && /^[A-Za-z0-9_]{1,40}$/.test(code) ? code : "sign_in_failed";
}

export function describeSignInError(rawCode: unknown): SignInErrorView {
  const code = normalizeSignInErrorCode(rawCode);
  const aadsts = /^AADSTS(\d{4,8})$/.exec(code);
  if (aadsts?.[1]) {
    const n = Number(aadsts[1]);
    return {
      code,
      title: isAdminFixable(n) ? "Sign-in is not configured correctly" : "Microsoft Entra ID refused the sign-in",
      message: explainAadsts(n) ?? `Microsoft Entra ID refused the sign-in (${code}).`,
      canRetry: !isAdminFixable(n),
    };
  }
  const known = ours[code];
  if (known) return { code, ...known };
  return { code, title: "Sign-in failed", message: "Something went wrong while signing you in. Please try again.", canRetry: true };
}
