/**
 * Microsoft Graph call metrics, recorded in this process by a Graph SDK middleware: latency per endpoint and the
 * calls that failed (HTTP ≥ 400, or no response at all). The same middleware stamps the current request id
 * (lib/observability/request-context.ts) as `client-request-id`, which Graph echoes and logs on its side.
 *
 * Wiring (lib/entra/graph.ts, owned elsewhere): build clients with
 *   Client.initWithMiddleware({ baseUrl, customHosts, middleware: graphMiddlewareChain(authProvider, { sdkRetries }) })
 * instead of Client.init / the hand-made chain. The chain is the SDK's default one with this middleware placed
 * after retries and redirects — so every HTTP attempt is measured, 429s included — and before the SDK's
 * TelemetryHandler, which keeps a client-request-id that is already set.
 */
import {
  AuthenticationHandler,
  CustomAuthenticationProvider,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type Middleware,
} from "@microsoft/microsoft-graph-client";
import { currentRequestId } from "@/lib/observability/request-context";
import { Counter, Histogram, Registry } from "./registry";

/** Seconds. Graph answers in tens to hundreds of milliseconds; throttling and paging push into seconds. */
export const GRAPH_LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;
/** Distinct endpoint labels kept; beyond it calls are counted under "other" so a bug cannot explode the series. */
const MAX_ENDPOINTS = 200;

export interface GraphMetrics {
  registry: Registry;
  duration: Histogram;
  requests: Counter;
  errors: Counter;
}

export function createGraphMetrics(): GraphMetrics {
  const registry = new Registry();
  return {
    registry,
    duration: registry.register(new Histogram("jit_graph_request_duration_seconds", "Microsoft Graph HTTP call latency (each attempt, retries included).", GRAPH_LATENCY_BUCKETS, ["endpoint", "method"])),
    requests: registry.register(new Counter("jit_graph_requests_total", "Microsoft Graph HTTP calls by endpoint, method and status code.", ["endpoint", "method", "status"])),
    errors: registry.register(new Counter("jit_graph_errors_total", "Microsoft Graph calls that failed: HTTP status >= 400, or \"network\" when no response arrived.", ["endpoint", "method", "code"])),
  };
}

// One set per process; kept on globalThis so Next.js development reloads do not reset it.
const holder = globalThis as typeof globalThis & { __jitGraphMetrics?: GraphMetrics };
export const graphMetrics: GraphMetrics = (holder.__jitGraphMetrics ??= createGraphMetrics());

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Collections whose next path segment is the key of one item (`/users/{id}`, `/rules/{id}`). */
const COLLECTIONS = new Set(
  [
    "users",
    "groups",
    "servicePrincipals",
    "applications",
    "directoryObjects",
    "members",
    "owners",
    "transitiveMembers",
    "messages",
    "roleManagementPolicies",
    "roleManagementPolicyAssignments",
    "rules",
    "effectiveRules",
    "assignmentScheduleRequests",
    "assignmentScheduleInstances",
    "assignmentSchedules",
    "eligibilityScheduleRequests",
    "eligibilityScheduleInstances",
    "eligibilitySchedules",
    "assignmentApprovals",
    "stages",
  ].map((c) => c.toLowerCase()),
);

/** A segment that names one object: after a collection (unless a function, cast or `$` segment), or id-shaped anywhere. */
function isIdSegment(segment: string, previous: string | undefined): boolean {
  const s = decodeURIComponent(segment);
  if (s.startsWith("$") || s.includes("(") || s.toLowerCase().startsWith("microsoft.graph.")) return false;
  if (previous !== undefined && COLLECTIONS.has(previous.toLowerCase())) return true;
  return GUID.test(s) || s.includes("@") || /^Group_/i.test(s);
}

/** "/users/{id}/checkMemberGroups" from any Graph URL: version, ids and query removed, so label values stay few. */
export function graphEndpointLabel(url: string): string {
  let path: string;
  try {
    path = new URL(url, "https://graph.invalid").pathname;
  } catch {
    return "other";
  }
  const segments = path.split("/").filter(Boolean);
  if (/^(v1\.0|beta)$/i.test(segments[0] ?? "")) segments.shift();
  return "/" + segments.map((s, i) => (isIdSegment(s, segments[i - 1]) ? "{id}" : s.replace(/\(.*\)$/, "(…)"))).join("/");
}

const seen = new Set<string>();
function boundedEndpoint(url: string): string {
  const label = graphEndpointLabel(url);
  if (seen.has(label)) return label;
  if (seen.size >= MAX_ENDPOINTS) return "other";
  seen.add(label);
  return label;
}

function requestUrl(context: Context): string {
  return typeof context.request === "string" ? context.request : context.request.url;
}

function requestMethod(context: Context): string {
  const method = context.options?.method ?? (typeof context.request === "string" ? undefined : context.request.method);
  return (method ?? "GET").toUpperCase();
}

/** Sets a header unless present, wherever the SDK keeps this request's headers (Request object or fetch options). */
function setHeaderIfAbsent(context: Context, name: string, value: string): void {
  if (typeof context.request !== "string") {
    if (!context.request.headers.has(name)) context.request.headers.set(name, value);
    return;
  }
  context.options ??= {};
  const headers = context.options.headers;
  if (!headers) context.options.headers = { [name]: value };
  else if (headers instanceof Headers) {
    if (!headers.has(name)) headers.set(name, value);
  } else if (Array.isArray(headers)) {
    if (!headers.some(([k]) => k.toLowerCase() === name)) headers.push([name, value]);
  } else {
    if (!Object.keys(headers).some((k) => k.toLowerCase() === name)) headers[name] = value;
  }
}

export class GraphMetricsMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly metrics: GraphMetrics = graphMetrics) {}

  async execute(context: Context): Promise<void> {
    const requestId = currentRequestId();
    if (requestId) setHeaderIfAbsent(context, "client-request-id", requestId);
    const endpoint = boundedEndpoint(requestUrl(context));
    const method = requestMethod(context);
    const started = performance.now();
    try {
      if (!this.next) throw new Error("GraphMetricsMiddleware must not be the last middleware");
      await this.next.execute(context);
    } catch (e) {
      this.metrics.duration.observe({ endpoint, method }, (performance.now() - started) / 1000);
      this.metrics.requests.inc({ endpoint, method, status: "network" });
      this.metrics.errors.inc({ endpoint, method, code: "network" });
      throw e;
    }
    const status = String(context.response?.status ?? 0);
    this.metrics.duration.observe({ endpoint, method }, (performance.now() - started) / 1000);
    this.metrics.requests.inc({ endpoint, method, status });
    if ((context.response?.status ?? 0) >= 400) this.metrics.errors.inc({ endpoint, method, code: status });
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

type AuthProvider = ConstructorParameters<typeof CustomAuthenticationProvider>[0];

/**
 * The SDK's default Node middleware chain with metrics (and the request id) added; `sdkRetries: false` keeps the
 * RetryHandler but lets it never retry, as lib/entra/graph.ts does for the outbox worker.
 */
export function graphMiddlewareChain(authProvider: AuthProvider, options: { sdkRetries?: boolean; metrics?: GraphMetrics } = {}): Middleware[] {
  return [
    new AuthenticationHandler(new CustomAuthenticationProvider(authProvider)),
    options.sdkRetries === false ? new RetryHandler(new RetryHandlerOptions(0, 0)) : new RetryHandler(new RetryHandlerOptions()),
    new RedirectHandler(new RedirectHandlerOptions()),
    new GraphMetricsMiddleware(options.metrics ?? graphMetrics),
    new TelemetryHandler(),
    new HTTPMessageHandler(),
  ];
}
