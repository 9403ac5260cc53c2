/** Builds the per-request `Ctx` handed to route handlers. */
import type { IncomingMessage } from "node:http";
import { ArmError, GraphError, type Caller, type Ctx, type Service, type Services } from "./types";

export interface CtxInput {
  req: IncomingMessage;
  url: URL;
  path: string;
  params: Record<string, string>;
  service: Service;
  body: Buffer;
  requestId: string;
  clientRequestId: string;
  baseUrl: string;
  services: Services;
  authenticate: (ctx: Ctx, service: Service) => Caller;
}

export function createCtx(input: CtxInput): Ctx {
  let caller: Caller | undefined;
  const ctx: Ctx = {
    req: input.req,
    method: (input.req.method ?? "GET").toUpperCase(),
    url: input.url,
    path: input.path,
    params: input.params,
    query: input.url.searchParams,
    requestId: input.requestId,
    clientRequestId: input.clientRequestId,
    baseUrl: input.baseUrl,
    services: input.services,
    json: () => Promise.resolve(parseJson(input.service, input.body)),
    form: () => Promise.resolve(new URLSearchParams(input.body.toString("utf8"))),
    caller: () => (caller ??= input.authenticate(ctx, input.service)),
  };
  return ctx;
}

function parseJson(service: Service, body: Buffer): unknown {
  const text = body.toString("utf8");
  try {
    if (text.trim() === "") throw new SyntaxError("empty body");
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = (err as Error).message;
    if (service === "arm") {
      throw new ArmError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: '${detail}'.`);
    }
    throw new GraphError(400, "BadRequest", `Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format. (${detail})`);
  }
}
