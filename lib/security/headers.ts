/**
 * The response header policy, set by proxy.ts on every page and route response (static assets get the static
 * part from next.config.mjs).
 *
 * CSP: scripts only from our origin and only when they carry this response's nonce ('strict-dynamic' lets those
 * load Next's chunks); Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
 * No plugins, no <base>, no framing. Forms may post to us — and to the Entra authority, because sign-out is a
 * form POST whose 303 goes on to Entra's logout endpoint, and form-action also governs that redirect.
 * Style attributes are allowed (style-src-attr): a progress bar sets its width inline; an attribute cannot
 * load or run anything. <style> elements need the nonce like scripts.
 */
export interface HeaderPolicyInput {
  nonce: string;
  appUrl: string;
  /** e.g. https://login.microsoftonline.com (AZURE_AUTHORITY_HOST). */
  authorityHost: string;
  isDevelopment: boolean;
}

export function contentSecurityPolicy(p: HeaderPolicyInput): string {
  const isHttps = new URL(p.appUrl).protocol === "https:";
  const authority = new URL(p.authorityHost).origin;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${p.nonce}' 'strict-dynamic'${p.isDevelopment ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${p.nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${authority}`,
    "frame-ancestors 'none'",
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * Headers that do not depend on the request. Referrer-Policy is no-referrer because approval links carry their
 * token in the path (/approve/<token>): any other policy could hand that URL to whatever the page links to.
 */
export const staticSecurityHeaders: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()",
};

/** HSTS only over https: on plain-http localhost it would be ignored at best. */
export function securityHeaders(p: HeaderPolicyInput): Record<string, string> {
  const isHttps = new URL(p.appUrl).protocol === "https:";
  return {
    ...staticSecurityHeaders,
    "Content-Security-Policy": contentSecurityPolicy(p),
    ...(isHttps ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** 128 random bits, base64 — new for every response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
