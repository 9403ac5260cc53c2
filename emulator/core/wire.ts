/**
 * Wire dialects of the three emulated services: error bodies (entra-graph-api.md §9.1, §12.6, §13.6)
 * and the headers each service puts on every response.
 */
import { AadError, ArmError, GraphError, type HttpResult, type Service } from "./types";

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
  /** ARM only: `x-ms-client-request-id` as sent, echoed back. */
  armClientRequestId?: string;
}

export const graphContentType =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** Graph's innerError.date: `YYYY-MM-DDTHH:mm:ss`, no zone, no fraction. */
export function graphErrorDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

/** Entra's timestamp form: `2025-01-01 10:00:00Z`. */
export function aadTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

export function graphErrorBody(code: string, message: string, ids: RequestIds, now: Date): unknown {
  return {
    error: {
      code,
      message,
      innerError: { date: graphErrorDate(now), "request-id": ids.requestId, "client-request-id": ids.clientRequestId },
    },
  };
}

export function aadErrorBody(err: AadError, ids: RequestIds, now: Date): Record<string, unknown> {
  const timestamp = aadTimestamp(now);
  const prefix = err.aadsts ? `AADSTS${err.aadsts}: ` : "";
  return {
    error: err.error,
    error_description: `${prefix}${err.message} Trace ID: ${ids.requestId}\r\nCorrelation ID: ${ids.clientRequestId}\r\nTimestamp: ${timestamp}`,
    error_codes: err.aadsts ? [err.aadsts] : [],
    timestamp,
    trace_id: ids.requestId,
    correlation_id: ids.clientRequestId,
    ...(err.aadsts ? { error_uri: `https://login.microsoftonline.com/error?code=${err.aadsts}` } : {}),
    ...err.extra,
  };
}

/** A generic error (status + code + message) rendered in `service`'s dialect. */
export function errorResult(service: Service, status: number, code: string, message: string, ids: RequestIds, now: Date): HttpResult {
  switch (service) {
    case "graph":
      return { status, json: graphErrorBody(code, message, ids, now) };
    case "login":
      return { status, json: aadErrorBody(new AadError(status, code, 0, message), ids, now) };
    case "arm":
    case "emulator":
      return { status, json: { error: { code, message } } };
  }
}

/** Renders a thrown error; undefined when it is not one of ours (the caller turns that into a 500). */
export function renderThrown(service: Service, err: unknown, ids: RequestIds, now: Date): HttpResult | undefined {
  if (err instanceof GraphError) {
    const result = service === "graph" ? { status: err.status, json: graphErrorBody(err.code, err.message, ids, now) } : errorResult(service, err.status, err.code, err.message, ids, now);
    return { ...result, headers: { ...err.headers } };
  }
  if (err instanceof ArmError) {
    return { ...errorResult(service === "graph" ? "arm" : service, err.status, err.code, err.message, ids, now), headers: { ...err.headers } };
  }
  if (err instanceof AadError) {
    return { status: err.status, json: aadErrorBody(err, ids, now), headers: { "Cache-Control": "no-store, no-cache" } };
  }
  return undefined;
}

/** Headers every response of `service` carries. */
export function serviceHeaders(service: Service, ids: RequestIds): Record<string, string> {
  switch (service) {
    case "graph":
      return {
        "request-id": ids.requestId,
        "client-request-id": ids.clientRequestId,
        "Strict-Transport-Security": "max-age=31536000",
      };
    case "arm":
      return {
        "x-ms-request-id": ids.requestId,
        "x-ms-correlation-request-id": ids.clientRequestId,
        ...(ids.armClientRequestId ? { "x-ms-client-request-id": ids.armClientRequestId } : {}),
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
      };
    case "login":
      return {
        "x-ms-request-id": ids.requestId,
        "client-request-id": ids.clientRequestId,
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
      };
    case "emulator":
      return { "Cache-Control": "no-store" };
  }
}

export function jsonContentType(service: Service): string {
  return service === "graph" ? graphContentType : "application/json; charset=utf-8";
}
