/**
 * The id of the HTTP request being served, available anywhere below the handler without passing it around
 * (AsyncLocalStorage). Taken from the incoming `x-request-id` when it is a plausible id (an ingress or the caller
 * set it), generated otherwise, echoed on the response, and carried into Graph calls as `client-request-id`
 * (lib/metrics/graph.ts), so one id ties the app's log lines to Microsoft's request logs.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Only ids that are safe to log and to forward as a header; anything else (too long, odd characters) is replaced. */
const plausibleId = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requestIdFrom(headers: { get(name: string): string | null }): string {
  const given = headers.get(REQUEST_ID_HEADER)?.trim();
  return given && plausibleId.test(given) ? given : randomUUID();
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * Wraps a route handler: everything it awaits sees the request id, and the response carries it back in
 * `x-request-id`.
 */
export function withRequestContext<A extends [Request, ...unknown[]]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    const requestId = requestIdFrom(args[0].headers);
    const response = await runWithRequestContext({ requestId }, () => handler(...args));
    try {
      response.headers.set(REQUEST_ID_HEADER, requestId);
      return response;
    } catch {
      // Some responses (e.g. Response.redirect) have immutable headers: copy them.
      const copy = new Response(response.body, response);
      copy.headers.set(REQUEST_ID_HEADER, requestId);
      return copy;
    }
  };
}
