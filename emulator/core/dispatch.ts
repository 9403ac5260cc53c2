/**
 * One request through the emulator: ids → module ticks → injected faults → bounded body → route →
 * handler → wire-shaped result. Anything a handler throws that is not a Graph/ARM/AAD error is a bug
 * in the emulator and becomes a 500 in the service's shape plus a log line.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createCtx } from "./context";
import type { FaultInjector } from "./faults";
import { BodyTooLargeError, readBody, writeResult } from "./http-io";
import { collapsePath, serviceForPath, type EmulatorRouter } from "./router";
import type { Caller, Ctx, HttpResult, Service, Services } from "./types";
import { errorResult, renderThrown, serviceHeaders, type RequestIds } from "./wire";

export interface DispatchDeps {
  router: EmulatorRouter;
  services: Services;
  faults: FaultInjector;
  /** Runs every module's tick (before each request). */
  tick: () => void;
  authenticate: (ctx: Ctx, service: Service) => Caller;
  /** Absolute origin for links in responses, derived from the Host the client used. */
  baseUrlFor: (req: IncomingMessage) => string;
  options: () => { throttleCode: string };
  logError: (msg: string, fields: Record<string, unknown>) => void;
}

export function createDispatcher(deps: DispatchDeps) {
  return async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const baseUrl = deps.baseUrlFor(req);
    let url: URL;
    try {
      // Concatenate rather than resolve: `//subscriptions/…` (sent by ARM SDKs) would otherwise parse as a host.
      const target = req.url ?? "/";
      url = new URL(baseUrl + (target.startsWith("/") ? target : `/${target}`));
    } catch {
      url = new URL("/", baseUrl);
    }
    const path = collapsePath(url.pathname);
    const pathService = serviceForPath(path);
    const ids = requestIds(req, url, pathService);
    const now = () => deps.services.clock.now();
    let service: Service = pathService;
    let result: HttpResult;
    try {
      deps.tick();
      result = await run();
    } catch (err) {
      result = renderThrown(service, err, ids, now()) ?? internalError(err);
    }
    if (!res.headersSent && !res.destroyed) writeResult(res, service, result, serviceHeaders(service, ids));

    async function run(): Promise<HttpResult> {
      const method = (req.method ?? "GET").toUpperCase();
      // The body is read before any fault fires so a throttled POST never leaves unread bytes behind.
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          return { ...errorResult(pathService, 413, "RequestEntityTooLarge", "The request body exceeds the 1 MB limit.", ids, now()), headers: { Connection: "close" } };
        }
        // The client went away (or timed out) mid-body: nobody is listening for an answer.
        return errorResult(pathService, 400, "BadRequest", "The request body could not be read.", ids, now());
      }
      if (pathService !== "emulator") {
        const fault = deps.faults.take(method, path);
        if (fault?.kind === "latency") await delay(fault.latencyMs ?? 1000);
        else if (fault) return faultResult(fault.kind, fault.retryAfterSeconds ?? 1);
      }
      const match = deps.router.match(method, path);
      if (match.kind === "not-found") {
        const last = path.split("/").pop() ?? "";
        return errorResult(pathService, 404, pathService === "login" ? "invalid_request" : "NotFound", `Resource not found for the segment '${last}'.`, ids, now());
      }
      if (match.kind === "method-not-allowed") {
        const message = `The endpoint only accepts ${match.allow.join(", ")} requests. Received a ${method} request.`;
        const result = errorResult(pathService, 405, pathService === "login" ? "invalid_request" : "MethodNotAllowed", message, ids, now());
        return { ...result, headers: { Allow: match.allow.join(", ") } };
      }
      service = match.service;
      const ctx = createCtx({
        req,
        url,
        path,
        params: match.params,
        service,
        body,
        requestId: ids.requestId,
        clientRequestId: ids.clientRequestId,
        baseUrl,
        services: deps.services,
        authenticate: deps.authenticate,
      });
      return await match.handler(ctx);
    }

    function faultResult(kind: "429" | "503", retryAfter: number): HttpResult {
      const status = Number(kind);
      const code = status === 429 ? (pathService === "login" ? "temporarily_unavailable" : deps.options().throttleCode) : pathService === "graph" ? "serviceNotAvailable" : pathService === "login" ? "temporarily_unavailable" : "ServiceUnavailable";
      const message = status === 429 ? "Too many requests. Please retry after the time given in Retry-After." : "The service is temporarily unavailable. Please retry later.";
      const rendered = errorResult(pathService, status, code, message, ids, now());
      return { ...rendered, headers: { "Retry-After": String(retryAfter) } };
    }

    function internalError(err: unknown): HttpResult {
      deps.logError("emulator handler failed", { method: req.method, path, err, stack: (err as Error)?.stack });
      const code = service === "login" ? "server_error" : service === "graph" ? "generalException" : "InternalServerError";
      return errorResult(service, 500, code, "An internal error occurred in the tenant emulator.", ids, now());
    }
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first && first.length <= 200 ? first : undefined;
}

function requestIds(req: IncomingMessage, url: URL, service: Service): RequestIds {
  const requestId = randomUUID();
  switch (service) {
    case "graph":
      return { requestId, clientRequestId: header(req, "client-request-id") ?? requestId };
    case "arm": {
      const armClientRequestId = header(req, "x-ms-client-request-id");
      const correlation = header(req, "x-ms-correlation-request-id") ?? armClientRequestId ?? requestId;
      return { requestId, clientRequestId: correlation, ...(armClientRequestId ? { armClientRequestId } : {}) };
    }
    case "login": {
      const fromQuery = url.searchParams.get("client-request-id") ?? undefined;
      return { requestId, clientRequestId: header(req, "client-request-id") ?? fromQuery ?? requestId };
    }
    case "emulator":
      return { requestId, clientRequestId: requestId };
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
