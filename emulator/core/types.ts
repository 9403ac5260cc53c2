/**
 * Contracts shared by the emulator's core (server, router, tokens, directory, mail, hooks) and its
 * feature modules (PIM for Groups, role management policies, ARM). Core owns the HTTP server and the
 * tenant state; a module registers routes, owns one slice of the state, and reacts to clock ticks.
 *
 * The whole tenant state is one plain JSON-serialisable object so it can be persisted to
 * `.data/emulator/state.json`, dumped by `GET /_emulator/state` and reset to the seed.
 */
import type { IncomingMessage } from "node:http";

// ---------------------------------------------------------------------------------------------
// Clock

export interface Clock {
  now(): Date;
  nowMs(): number;
}

// ---------------------------------------------------------------------------------------------
// Callers (from a verified bearer token)

export interface Caller {
  /** "user" for delegated tokens (idtyp=user, has scp), "app" for client-credentials tokens (idtyp=app, has roles). */
  kind: "user" | "app";
  /** Object id of the signed-in user (kind=user) or of the app's service principal (kind=app). */
  objectId: string;
  /** Client id of the calling application (appid claim). */
  appId: string;
  /** Short permission names: delegated scopes from `scp`, or application roles from `roles`. */
  permissions: ReadonlySet<string>;
  /** Authentication methods (`amr`), e.g. ["pwd","mfa"]; empty for app tokens. */
  amr: readonly string[];
  /** Satisfied authentication contexts (`acrs`), e.g. ["c1"]. */
  acrs: readonly string[];
  /** The audience the token was issued for: "https://graph.microsoft.com" or "https://management.azure.com/". */
  audience: string;
  claims: Readonly<Record<string, unknown>>;
}

// ---------------------------------------------------------------------------------------------
// HTTP

export type Service = "graph" | "arm" | "login" | "emulator";

export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON with `Content-Type: application/json` (Graph adds the odata parameters). */
  json?: unknown;
  text?: string;
  html?: string;
  /** 302 to this URL. */
  redirect?: string;
}

export interface Ctx {
  req: IncomingMessage;
  method: string;
  /** Absolute request URL, with repeated slashes in the path collapsed (ARM sends `//subscriptions/...`). */
  url: URL;
  /** `url.pathname`, collapsed. */
  path: string;
  /** Named parameters from the route pattern (`:id`) or from named regex groups, URI-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  requestId: string;
  clientRequestId: string;
  /** Base URL of this emulator, e.g. "https://localhost:8443" (used to build absolute nextLinks). */
  baseUrl: string;
  /** Parsed JSON body; throws a 400 in the service's error shape when the body is not valid JSON. */
  json(): Promise<unknown>;
  /** Parsed application/x-www-form-urlencoded body. */
  form(): Promise<URLSearchParams>;
  /**
   * Verifies the bearer token for this service's audience and returns the caller.
   * Throws 401 (InvalidAuthenticationToken) when missing, malformed, expired or for another audience.
   */
  caller(): Caller;
  services: Services;
}

export type Handler = (ctx: Ctx) => HttpResult | Promise<HttpResult>;

export interface Router {
  /**
   * Registers a route. `pattern` is either a path with `:param` segments (a segment may also be a
   * literal like `filterByCurrentUser(on=':on')` where the quotes are optional on the wire), or a RegExp
   * tested against the collapsed path whose named groups become params.
   */
  add(service: Service, method: string, pattern: string | RegExp, handler: Handler): void;
}

// ---------------------------------------------------------------------------------------------
// Errors: throw these from handlers; the core renders them in the right wire shape.

/** Graph error: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** PIM's double-wrapped 403 (entra-graph-api.md §9.3). */
  static pimPermissionScopeNotGranted(scopes: readonly string[]): GraphError {
    const inner = {
      errorCode: "PermissionScopeNotGranted",
      message: `Authorization failed due to missing permission scope ${scopes.join(",")}.`,
      instanceAnnotations: [],
    };
    return new GraphError(403, "UnknownError", JSON.stringify(inner));
  }

  /** PIM policy failure: 400 `The following policy rules failed: ["ExpirationRule"]`. */
  static policyValidationFailed(rules: readonly string[]): GraphError {
    return new GraphError(
      400,
      "RoleAssignmentRequestPolicyValidationFailed",
      `The following policy rules failed: ${JSON.stringify(rules)}`,
    );
  }
}

/** ARM error: `{"error":{"code","message"}}` with `x-ms-request-id` headers. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Entra token-endpoint error: `{"error","error_description":"AADSTSnnn: …","error_codes":[n],…}`. */
export class AadError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Directory service (core) — what modules may use

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  jobTitle: string | null;
  accountEnabled: boolean;
  /** Emulator-only: sign-ins of this user get amr ["pwd","mfa"] instead of ["pwd"]. */
  mfaRegistered: boolean;
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  mail: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
  isAssignableToRole: boolean;
  /** Direct member object ids (users or groups). */
  members: string[];
  /** Owner object ids (users or service principals). */
  owners: string[];
}

export interface DirectoryService {
  /** By object id or userPrincipalName (case-insensitive). */
  getUser(idOrUpn: string): DirectoryUser | undefined;
  getGroup(id: string): DirectoryGroup | undefined;
  /** True when `objectId` is a direct or nested member of the group. */
  isTransitiveMember(groupId: string, objectId: string): boolean;
  /** Users that are direct or nested members of the group (no owners), each once. */
  transitiveUserMembers(groupId: string): DirectoryUser[];
  /** Idempotent. */
  addMember(groupId: string, objectId: string): void;
  /** Idempotent. */
  removeMember(groupId: string, objectId: string): void;
}

// ---------------------------------------------------------------------------------------------
// Mail (core)

export interface MailMessage {
  id: string;
  receivedAt: string;
  from: { address: string; name: string | null };
  to: { address: string; name: string | null }[];
  cc: { address: string; name: string | null }[];
  /** Blind-copy recipients (they receive the message; only the emulator mailbox shows them). */
  bcc?: { address: string; name: string | null }[];
  subject: string;
  /** The `body` exactly as posted: contentType "HTML" or "Text". */
  body: { contentType: string; content: string };
  /** Additional alternative bodies when the sender posted MIME (optional). */
  headers: { name: string; value: string }[];
}

// ---------------------------------------------------------------------------------------------
// Configurable behaviours for items the docs mark UNVERIFIED (entra-graph-api.md §17).
// Defaults are the documented/suggested ones. Changed at runtime via PATCH /_emulator/options.

export interface EmulatorOptions {
  /** Terminal status of a PIM approval request that was not decided within 24 h (§4.9). */
  approvalTimeoutStatus: "Canceled" | "TimedOut";
  /** Emit `memberType`/`assignmentType` as "Direct"/"Activated" (doc examples) or lowercase. */
  enumCasing: "Pascal" | "lower";
  /** Return approval `stages` without `$expand=stages` (§5.2). */
  stagesWithoutExpand: boolean;
  /** Whether approver `groupMembers` are resolved transitively (§5.1). */
  approverGroupMembersTransitive: boolean;
  /** App-only adminAssign on role-assignable groups also needs a directory role (§8.1). */
  adminAssignRequiresDirectoryRole: boolean;
  /** HTTP status + code for a self* action whose principalId ≠ caller (§4.10 #2). */
  selfActionMismatch: { status: number; code: string };
  /** Error for selfActivate without eligibility (§4.10 #3): policy rule "EligibilityRule" or ARM-style code. */
  missingEligibility: "EligibilityRule" | "RoleEligibilityDoesNotExist";
  /** Code of the 429 body (§9.4). */
  throttleCode: string;
  /** Default page size for directory collections. */
  directoryPageSize: number;
  /** Access-token lifetime in seconds (real Entra: random 3600–5400). */
  accessTokenLifetimeSec: number;
  /** Test fault: alter ID-token payloads after signing, so their signature no longer matches. */
  tamperIdTokens: boolean;
}

export const defaultEmulatorOptions: EmulatorOptions = {
  approvalTimeoutStatus: "Canceled",
  enumCasing: "Pascal",
  stagesWithoutExpand: true,
  approverGroupMembersTransitive: true,
  adminAssignRequiresDirectoryRole: false,
  selfActionMismatch: { status: 403, code: "InvalidRoleAssignmentRequest" },
  missingEligibility: "EligibilityRule",
  throttleCode: "TooManyRequests",
  directoryPageSize: 100,
  accessTokenLifetimeSec: 4500,
  tamperIdTokens: false,
};

// ---------------------------------------------------------------------------------------------
// Services handed to routes and modules

export interface Services {
  clock: Clock;
  directory: DirectoryService;
  options(): EmulatorOptions;
  /** Tenant id (GUID). */
  tenantId: string;
  /** The module's own state slice; created by its `seed()` and persisted by the core. */
  slice<T>(module: string): T;
  /** Puts a message into the emulator mailbox (used by sendMail). */
  deliverMail(message: Omit<MailMessage, "id" | "receivedAt">): MailMessage;
  /** Marks state dirty so the core persists it (debounced). Call after every mutation. */
  changed(): void;
}

/**
 * A feature module. The core calls `seed` on reset/load with the whole fixture object (the module reads
 * its own section), `register` once at start, and `tick` before every request and whenever the clock
 * moves, so time-based transitions (expiry, 24 h approval timeout, future starts) happen exactly when
 * the emulated clock passes them.
 */
export interface EmulatorModule<S = unknown> {
  name: string;
  seed(fixture: TenantFixture, services: Omit<Services, "slice">): S;
  register(router: Router, services: Services): void;
  tick?(services: Services): void;
  /** Optional extra data for the /_emulator UI and state dump. */
  summary?(services: Services): unknown;
}

// ---------------------------------------------------------------------------------------------
// Fixture file (emulator/fixtures/*.json). Core validates its own sections; modules validate theirs.

export interface TenantFixture {
  tenant: { id: string; displayName: string; defaultDomain: string };
  applications: FixtureApplication[];
  users: (Partial<DirectoryUser> & { id: string; userPrincipalName: string; displayName: string })[];
  groups: (Partial<DirectoryGroup> & { id: string; displayName: string })[];
  /** Directory roles by template id → member object ids (e.g. Privileged Role Administrator). */
  directoryRoles?: Record<string, string[]>;
  pim?: unknown;
  policies?: unknown;
  arm?: unknown;
  options?: Partial<EmulatorOptions>;
}

export interface FixtureApplication {
  appId: string;
  displayName: string;
  /** Object id of the app's service principal (`oid` of its app-only tokens). */
  servicePrincipalId: string;
  secrets: { value: string; expiresAt?: string }[];
  /** PEM certificates whose keys may sign client assertions. */
  certificates?: string[];
  /**
   * Workload identity federation. `jwks` (public JWKs of the issuer) is emulator-only: when present the
   * assertion's signature is verified against it; without it only the claims are checked (offline).
   */
  federatedCredentials?: { issuer: string; subject: string; audiences: string[]; jwks?: (Record<string, unknown> & { kid?: string })[] }[];
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Delegated permissions consented for all users, per resource ("https://graph.microsoft.com"). */
  delegatedPermissions: Record<string, string[]>;
  /** Application permissions admin-consented, per resource. */
  applicationPermissions: Record<string, string[]>;
}
