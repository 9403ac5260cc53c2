/**
 * The request id: taken from x-request-id (when plausible) or generated, visible to everything the handler awaits,
 * echoed on the response, and sent to Graph as client-request-id (which Graph echoes back) by the metrics middleware.
 */
import { Client, ResponseType } from "@microsoft/microsoft-graph-client";
import { beforeAll, describe, expect, it } from "vitest";
import { createGraphMetrics, graphMiddlewareChain } from "@/lib/metrics/graph";
import { currentRequestId, requestIdFrom, runWithRequestContext, withRequestContext } from "@/lib/observability/request-context";
import { SEED, setupDoctorEnvironment } from "../doctor/doctor-env";

const env = setupDoctorEnvironment();
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe("request context", () => {
  let client: Client;
  beforeAll(() => {
    const emu = env().emulator;
    client = Client.initWithMiddleware({
      baseUrl: `${emu.url}/`,
      customHosts: new Set([new URL(emu.url).hostname]),
      middleware: graphMiddlewareChain((done) => void emu.appToken("graph").then((t) => done(null, t), (e: unknown) => done(e, null)), { metrics: createGraphMetrics() }),
    });
  });

  const clientRequestIdOfGraphCall = async () => {
    const res = (await client.api(`/users/${SEED.mailSender}`).responseType(ResponseType.RAW).get()) as Response;
    expect(res.status).toBe(200);
    return res.headers.get("client-request-id");
  };

  it("Graph calls made while serving a request carry its id as client-request-id", async () => {
    expect(await runWithRequestContext({ requestId: "req-abc-123" }, clientRequestIdOfGraphCall)).toBe("req-abc-123");
  });

  it("outside a request the Graph SDK generates its own client-request-id", async () => {
    expect(await clientRequestIdOfGraphCall()).toMatch(GUID);
  });

  it("keeps a plausible x-request-id and replaces anything else with a fresh id", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "ingress-7f3a:01" }))).toBe("ingress-7f3a:01");
    expect(requestIdFrom(new Headers())).toMatch(GUID);
    expect(requestIdFrom(new Headers({ "x-request-id": "a b" }))).toMatch(GUID);
    expect(requestIdFrom(new Headers({ "x-request-id": "x".repeat(200) }))).toMatch(GUID);
    expect(requestIdFrom(new Headers({ "x-request-id": "<script>" }))).toMatch(GUID);
  });

  it("a wrapped route handler sees the id in everything it awaits and returns it in x-request-id", async () => {
    const seen: (string | undefined)[] = [];
    const handler = withRequestContext(async (_req: Request) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(currentRequestId());
      return Response.json({ ok: true });
    });
    const given = await handler(new Request("http://localhost/x", { headers: { "x-request-id": "abc-1" } }));
    expect(given.headers.get("x-request-id")).toBe("abc-1");
    const generated = await handler(new Request("http://localhost/x"));
    expect(generated.headers.get("x-request-id")).toMatch(GUID);
    expect(seen).toEqual(["abc-1", generated.headers.get("x-request-id")]);
    expect(currentRequestId()).toBeUndefined();

    // Response.redirect has immutable headers: the id is still added.
    const redirect = await withRequestContext((_req: Request) => Promise.resolve(Response.redirect("http://localhost/elsewhere", 302)))(new Request("http://localhost/x"));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("http://localhost/elsewhere");
    expect(redirect.headers.get("x-request-id")).toMatch(GUID);
  });
});
