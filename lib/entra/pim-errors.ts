/**
 * Turns a Graph error from a PIM call into something the app can branch on and a person can act on.
 *
 * PIM errors come in three shapes (entra-graph-api.md §9.3): a proper `code` (`RoleAssignmentExists`), a policy
 * failure whose rule names sit in the message (`The following policy rules failed: ["ExpirationRule"]`), and the
 * "double-wrapped" form where `code` is `UnknownError` and `message` is itself JSON carrying `errorCode`.
 */
import { describeMinutes } from "./iso-duration";

export type PimErrorKind =
  | "policy"
  | "already_active"
  | "pending_exists"
  | "permission"
  | "mfa_required"
  | "auth_context"
  | "too_soon"
  | "not_found"
  | "conflict"
  | "throttled"
  | "unknown";

export interface PimError {
  kind: PimErrorKind;
  /** The most specific code found (inner `errorCode` wins over `UnknownError`). */
  code: string;
  status: number;
  /** Policy rule names, e.g. ["ExpirationRule"]. */
  rules?: string[];
  /** Claims challenge JSON to pass to MSAL `getAuthCodeUrl({ claims })`. */
  claims?: string;
  retryAfterSeconds?: number;
  userMessage: string;
}

interface GraphErrorLike {
  statusCode?: number;
  code?: string | null;
  message?: string;
  body?: unknown;
  headers?: { get(name: string): string | null } | Record<string, string>;
}

export function isGraphError(e: unknown): e is GraphErrorLike & { statusCode: number } {
  return typeof e === "object" && e !== null && typeof (e as GraphErrorLike).statusCode === "number";
}

function header(e: GraphErrorLike, name: string): string | undefined {
  const h = e.headers;
  if (!h) return undefined;
  if (typeof (h as { get?: unknown }).get === "function") return (h as { get(n: string): string | null }).get(name) ?? undefined;
  const rec = h as Record<string, string>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  return key ? rec[key] : undefined;
}

/** Seconds to wait from a `Retry-After` header (delta-seconds or HTTP-date), if any. */
export function retryAfterSeconds(e: unknown, now: Date = new Date()): number | undefined {
  if (!isGraphError(e)) return undefined;
  const raw = header(e, "retry-after");
  if (!raw) return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function parseJson(text: string | undefined): unknown {
  if (!text || !text.trimStart().startsWith("{")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Codes nested anywhere: inner JSON `errorCode`, and any `innerError.code` chain in the body. */
function innerCodes(e: GraphErrorLike): { codes: string[]; message: string } {
  const codes: string[] = [];
  let message = e.message ?? "";
  const inner = parseJson(e.message) as { errorCode?: unknown; message?: unknown } | undefined;
  if (inner && typeof inner.errorCode === "string") codes.push(inner.errorCode);
  if (inner && typeof inner.message === "string") message = inner.message;
  let node = (typeof e.body === "string" ? parseJson(e.body) : e.body) as { innerError?: unknown } | undefined;
  for (let depth = 0; node && depth < 5; depth++) {
    const next = node.innerError as { code?: unknown; innerError?: unknown } | undefined;
    if (next && typeof next.code === "string") codes.push(next.code);
    node = next;
  }
  return { codes, message };
}

/** `The following policy rules failed: ["ExpirationRule","TicketingRule"]` → rule names. */
export function parsePolicyRules(message: string): string[] {
  const m = /policy rules failed:\s*(\[[^\]]*\])/i.exec(message);
  if (!m?.[1]) return [];
  try {
    const rules: unknown = JSON.parse(m[1]);
    return Array.isArray(rules) ? rules.filter((r): r is string => typeof r === "string") : [];
  } catch {
    return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1] ?? "").filter(Boolean);
  }
}

/** The JSON object after `claims=` in an acrs challenge message, or the base64 `claims="…"` of a header. */
export function extractClaims(message: string, wwwAuthenticate?: string): string | undefined {
  const fromHeader = wwwAuthenticate && /claims="([^"]+)"/i.exec(wwwAuthenticate)?.[1];
  if (fromHeader) {
    const decoded = Buffer.from(fromHeader, "base64").toString("utf8");
    return decoded.trimStart().startsWith("{") ? decoded : fromHeader;
  }
  let text = message;
  try {
    text = decodeURIComponent(message);
  } catch {
    // not URL-encoded
  }
  const start = text.search(/claims=\s*\{/i);
  if (start < 0) return undefined;
  const open = text.indexOf("{", start);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    if (text[i] === "}" && --depth === 0) return text.slice(open, i + 1);
  }
  return undefined;
}

const ruleMessages: Record<string, (ctx: MapContext) => string> = {
  ExpirationRule: (c) =>
    c.maxDurationMinutes
      ? `The requested duration is longer than the PIM policy allows (max ${describeMinutes(c.maxDurationMinutes)}).`
      : "The requested duration is not allowed by the PIM policy (too long, or shorter than 5 minutes).",
  JustificationRule: () => "The PIM policy requires a justification.",
  TicketingRule: () => "The PIM policy requires a ticket number.",
  EligibilityRule: () => "You are not eligible for this group in PIM (or your eligibility has ended).",
  ApprovalRule: () => "The PIM approval settings rejected this request.",
};

export interface MapContext {
  /** The policy maximum, to name it in the ExpirationRule message. */
  maxDurationMinutes?: number;
}

export function mapPimError(e: unknown, ctx: MapContext = {}): PimError {
  if (!isGraphError(e)) {
    return { kind: "unknown", code: "unknown", status: 0, userMessage: "Could not reach Microsoft Entra PIM. Please try again." };
  }
  const status = e.statusCode;
  const { codes, message } = innerCodes(e);
  const all = [...codes, e.code ?? ""].filter(Boolean);
  const code = all[0] ?? `http_${status}`;
  const has = (c: string) => all.some((x) => x.toLowerCase() === c.toLowerCase());
  const text = `${e.message ?? ""} ${message}`;
  const base = { code, status };

  const wwwAuth = header(e, "www-authenticate");
  if (has("RoleAssignmentRequestAcrsValidationFailed") || /AcrsValidationFailed/i.test(text) || /insufficient_claims/i.test(wwwAuth ?? "")) {
    return {
      ...base,
      kind: "auth_context",
      claims: extractClaims(text, wwwAuth),
      userMessage: "PIM requires a stronger sign-in (Conditional Access authentication context) for this activation. Sign in again and retry.",
    };
  }
  if (has("RoleAssignmentRequestPolicyValidationFailed") || /policy rules failed/i.test(text)) {
    const rules = parsePolicyRules(text);
    if (rules.some((r) => /^mfa/i.test(r))) {
      return { ...base, kind: "mfa_required", rules, userMessage: "PIM requires multi-factor authentication for this activation. Sign in again with MFA and retry." };
    }
    const parts = rules.map((r) => ruleMessages[r]?.(ctx) ?? `PIM policy rule ${r} failed.`);
    return { ...base, kind: "policy", rules, userMessage: parts.join(" ") || "The request does not meet the PIM policy." };
  }
  if (has("RoleEligibilityDoesNotExist")) {
    return { ...base, kind: "policy", rules: ["EligibilityRule"], userMessage: ruleMessages.EligibilityRule!(ctx) };
  }
  if (has("RoleAssignmentExists")) {
    return { ...base, kind: "already_active", userMessage: "You already have this access active in PIM." };
  }
  if (has("PendingRoleAssignmentRequest")) {
    return { ...base, kind: "pending_exists", userMessage: "You already have a pending PIM request for this access." };
  }
  if (has("ActiveDurationTooShort")) {
    return { ...base, kind: "too_soon", userMessage: "PIM does not allow ending an activation within 5 minutes of its start." };
  }
  if (has("RoleAssignmentDoesNotExist")) {
    return { ...base, kind: "not_found", userMessage: "There is no active membership to end: it may already have expired." };
  }
  if (status === 429 || status === 503 || status === 504 || has("TooManyRequests") || has("activityLimitReached")) {
    return {
      ...base,
      kind: "throttled",
      retryAfterSeconds: retryAfterSeconds(e),
      userMessage: "Microsoft Graph is busy right now. Please try again in a moment.",
    };
  }
  if (has("PermissionScopeNotGranted") || status === 403 || status === 401) {
    return {
      ...base,
      kind: "permission",
      userMessage:
        status === 401
          ? "Your Microsoft sign-in is no longer valid. Sign in again."
          : "PIM refused the call: the app or your account lacks the required permission.",
    };
  }
  if (status === 404) return { ...base, kind: "not_found", userMessage: "PIM does not know this request (any more)." };
  if (status === 409) return { ...base, kind: "conflict", userMessage: "Someone else already decided this in PIM." };
  return { ...base, kind: "unknown", userMessage: "Microsoft Entra PIM rejected the request. Please try again or contact an administrator." };
}
