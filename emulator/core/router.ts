/**
 * Route table for the single emulator origin. String patterns are matched segment by segment against
 * the URI-decoded path (literal segments case-insensitively, as Graph and ARM treat paths); the most
 * specific pattern wins regardless of registration order. RegExp routes are tried afterwards, in order.
 */
import type { Handler, Router, Service } from "./types";

export type RouteMatch =
  | { kind: "found"; service: Service; handler: Handler; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" };

interface StringRoute {
  service: Service;
  method: string;
  segments: SegmentMatcher[];
  /** Higher is more specific: one digit per segment, 2 = literal, 1 = literal with params, 0 = bare param. */
  score: string;
  handler: Handler;
}

interface RegexRoute {
  service: Service;
  method: string;
  pattern: RegExp;
  handler: Handler;
}

type SegmentMatcher = (segment: string, params: Record<string, string>) => boolean;

/** Collapses repeated slashes (ARM SDKs send `//subscriptions/...`) and drops a trailing slash. */
export function collapsePath(pathname: string): string {
  const collapsed = pathname.replace(/\/{2,}/g, "/");
  return collapsed.length > 1 && collapsed.endsWith("/") ? collapsed.slice(0, -1) : collapsed;
}

/** Which wire dialect (error shape, headers) a path belongs to. */
export function serviceForPath(path: string): Service {
  const first = (path.split("/")[1] ?? "").toLowerCase();
  if (first === "_emulator") return "emulator";
  if (first === "v1.0" || first === "beta") return "graph";
  if (first === "subscriptions" || first === "providers") return "arm";
  return "login";
}

export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class EmulatorRouter implements Router {
  private readonly stringRoutes: StringRoute[] = [];
  private readonly regexRoutes: RegexRoute[] = [];

  add(service: Service, method: string, pattern: string | RegExp, handler: Handler): void {
    const upper = method.toUpperCase();
    if (pattern instanceof RegExp) {
      this.regexRoutes.push({ service, method: upper, pattern, handler });
      return;
    }
    const parts = splitPath(collapsePath(pattern));
    const segments = parts.map(compileSegment);
    const score = parts.map((p) => (!p.includes(":") ? "2" : p.startsWith(":") && !/[^\w:]/.test(p) ? "0" : "1")).join("");
    this.stringRoutes.push({ service, method: upper, segments, score, handler });
  }

  match(method: string, path: string): RouteMatch {
    const upper = method.toUpperCase();
    const segments = splitPath(path).map(decodeSegment);
    const allow = new Set<string>();

    const candidates: { route: StringRoute; params: Record<string, string> }[] = [];
    for (const route of this.stringRoutes) {
      if (route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      if (route.segments.every((m, i) => m(segments[i] ?? "", params))) candidates.push({ route, params });
    }
    candidates.sort((a, b) => (a.route.score < b.route.score ? 1 : a.route.score > b.route.score ? -1 : 0));
    for (const { route, params } of candidates) {
      if (route.method === upper) return { kind: "found", service: route.service, handler: route.handler, params };
      allow.add(route.method);
    }

    const decodedPath = "/" + segments.map((s) => s.replace(/\//g, "%2F")).join("/");
    for (const route of this.regexRoutes) {
      const m = route.pattern.exec(decodedPath);
      if (!m) continue;
      if (route.method !== upper) {
        allow.add(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) params[k] = v.replace(/%2F/gi, "/");
      return { kind: "found", service: route.service, handler: route.handler, params };
    }
    return allow.size > 0 ? { kind: "method-not-allowed", allow: [...allow].sort() } : { kind: "not-found" };
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s, i) => i > 0 || s !== "");
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `:name` alone captures the whole segment. Inside a literal such as `filterByCurrentUser(on=':on')`
 * the quotes are optional on the wire and the parameter stops at a quote or bracket.
 */
function compileSegment(pattern: string): SegmentMatcher {
  const whole = /^:(\w+)$/.exec(pattern);
  if (whole) {
    const name = whole[1] ?? "";
    return (segment, params) => {
      if (segment === "") return false;
      params[name] = segment;
      return true;
    };
  }
  if (!pattern.includes(":")) {
    const lower = pattern.toLowerCase();
    return (segment) => segment.toLowerCase() === lower;
  }
  const names: string[] = [];
  const source = pattern
    .split(/(:\w+)/)
    .map((piece) => {
      if (/^:\w+$/.test(piece)) {
        names.push(piece.slice(1));
        return "([^/'()]+)";
      }
      return piece
        .split("'")
        .map((lit) => escapeRegex(lit))
        .join("'?");
    })
    .join("");
  const regex = new RegExp(`^${source}$`, "i");
  return (segment, params) => {
    const m = regex.exec(segment);
    if (!m) return false;
    names.forEach((name, i) => (params[name] = m[i + 1] ?? ""));
    return true;
  };
}
