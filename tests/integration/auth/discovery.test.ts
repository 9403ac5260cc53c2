import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOpenIdConfiguration } from "@/lib/entra/discovery";

// A stand-in OIDC provider whose answers each test chooses, to pin down what we accept from discovery.
let server: Server;
let base = "";
const responses = new Map<string, { status: number; body: (origin: string) => unknown }>();
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const tenant = req.url?.split("/")[1] ?? "";
    hits.set(tenant, (hits.get(tenant) ?? 0) + 1);
    const r = responses.get(tenant);
    res.writeHead(r?.status ?? 404, { "content-type": "application/json" });
    res.end(JSON.stringify(r?.body(base) ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const doc = (origin: string, tenant: string, overrides: Record<string, unknown> = {}) => ({
  issuer: `${origin}/${tenant}/v2.0`,
  authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
  token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
  jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
  ...overrides,
});

describe("OpenID configuration discovery", () => {
  it("fetches {authority}/v2.0/.well-known/openid-configuration once and reuses it", async () => {
    responses.set("t1", { status: 200, body: (o) => doc(o, "t1") });
    const first = await getOpenIdConfiguration(`${base}/t1`);
    const second = await getOpenIdConfiguration(`${base}/t1`);
    expect(first.jwks_uri).toBe(`${base}/t1/discovery/v2.0/keys`);
    expect(second).toBe(first);
    expect(hits.get("t1")).toBe(1);
  });

  it("refuses a document whose issuer is on another origin", async () => {
    responses.set("t2", { status: 200, body: (o) => doc(o, "t2", { issuer: "https://evil.example/t2/v2.0" }) });
    await expect(getOpenIdConfiguration(`${base}/t2`)).rejects.toThrow(/unexpected issuer/);
  });

  it("refuses a multi-tenant placeholder issuer", async () => {
    responses.set("t3", { status: 200, body: (o) => doc(o, "t3", { issuer: `${o}/{tenantid}/v2.0` }) });
    await expect(getOpenIdConfiguration(`${base}/t3`)).rejects.toThrow(/unexpected issuer/);
  });

  it("refuses a document without jwks_uri", async () => {
    responses.set("t4", { status: 200, body: (o) => doc(o, "t4", { jwks_uri: undefined }) });
    await expect(getOpenIdConfiguration(`${base}/t4`)).rejects.toThrow(/no jwks_uri/);
  });

  it("does not remember a failure: the next call tries again", async () => {
    responses.set("t5", { status: 503, body: () => ({}) });
    await expect(getOpenIdConfiguration(`${base}/t5`)).rejects.toThrow(/HTTP 503/);
    responses.set("t5", { status: 200, body: (o) => doc(o, "t5") });
    // the failed promise is dropped from the cache asynchronously; poll briefly instead of sleeping
    let result: Awaited<ReturnType<typeof getOpenIdConfiguration>> | undefined;
    for (let i = 0; i < 50 && !result; i++) result = await getOpenIdConfiguration(`${base}/t5`).catch(() => undefined);
    expect(result?.issuer).toBe(`${base}/t5/v2.0`);
  });
});
