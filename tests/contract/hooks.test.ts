/**
 * The emulator's test hooks (/_emulator/…) as other tests use them: faults seen through the real Graph SDK's
 * retry handler, the emulated clock expiring tokens, reset, options.
 */
import { GraphError } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/emulator";

const noraId = "5e4d3c2b-0000-4000-8000-00000000c001";
const adminGroupId = "9a8b7c6d-0000-4000-8000-00000000b001";

let emu: TestEmulator;
let appToken: string;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(async () => {
  await emu.hooks.reset();
  appToken = await emu.appToken("graph");
});

async function graphError(p: Promise<unknown>): Promise<GraphError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphError);
  return err as GraphError;
}

describe("faults", () => {
  it("a 429 with Retry-After: 1 is retried by the Graph SDK, which then succeeds", async () => {
    await emu.hooks.addFault({ method: "GET", path: `^/v1\\.0/users/${noraId}$`, kind: "429", retryAfterSeconds: 1, count: 1 });
    const started = Date.now();
    const user = (await emu.graph(appToken).api(`/users/${noraId}`).get()) as { id: string };
    expect(user.id).toBe(noraId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await emu.hooks.faults()).toEqual([]);
  });

  it("a single 503 is retried and the call succeeds", async () => {
    await emu.hooks.addFault({ path: "^/v1\\.0/users/", kind: "503", retryAfterSeconds: 1, count: 1 });
    const user = (await emu.graph(appToken).api(`/users/${noraId}`).get()) as { id: string };
    expect(user.id).toBe(noraId);
    expect(await emu.hooks.faults()).toEqual([]);
  });

  it("latency delays the response by at least the configured time", async () => {
    await emu.hooks.addFault({ path: "^/v1\\.0/users/", kind: "latency", latencyMs: 400 });
    const started = Date.now();
    await emu.graph(appToken).api(`/users/${noraId}`).get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it("throttles with the configured code in Graph's error shape, and never throttles /_emulator", async () => {
    await emu.hooks.patchOptions({ throttleCode: "activityLimitReached" });
    await emu.hooks.addFault({ path: ".*", kind: "429", retryAfterSeconds: 7 });
    const res = await fetch(`${emu.url}/v1.0/users/${noraId}`, { headers: { Authorization: `Bearer ${appToken}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    const body = (await res.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe("activityLimitReached");
    expect(body.error.innerError["request-id"]).toBe(res.headers.get("request-id"));
    expect((await fetch(`${emu.url}/_emulator/state`)).status).toBe(200);
  });

  it("rejects a fault rule with an invalid regular expression", async () => {
    await expect(emu.hooks.addFault({ path: "([", kind: "503" })).rejects.toThrow(/400/);
  });
});

describe("clock", () => {
  it("advancing the clock past the token lifetime makes Graph reject the access token", async () => {
    const graph = emu.graph(appToken);
    await graph.api(`/users/${noraId}`).get();
    const lifetime = (await emu.hooks.options()).accessTokenLifetimeSec;
    await emu.hooks.advanceClock(lifetime + 1);
    const err = await graphError(graph.api(`/users/${noraId}`).get());
    expect(err.statusCode).toBe(401);
    expect(err.code).toBe("InvalidAuthenticationToken");
  });

  it("can be frozen, set and reported", async () => {
    const frozen = await emu.hooks.freezeClock(true);
    expect(frozen.frozen).toBe(true);
    const set = await emu.hooks.setClock("2030-01-02T03:04:05.000Z");
    expect(set.now).toBe("2030-01-02T03:04:05.000Z");
    expect((await emu.hooks.advanceClock(60)).now).toBe("2030-01-02T03:05:05.000Z");
  });
});

describe("reset, fixtures and options", () => {
  it("reset restores the seeded directory, clock and options", async () => {
    emu.services.directory.addMember(adminGroupId, noraId);
    await emu.hooks.patchOptions({ directoryPageSize: 5 });
    await emu.hooks.advanceClock(3600);
    await emu.hooks.reset();
    const token = await emu.appToken("graph");
    const members = (await emu.graph(token).api(`/groups/${adminGroupId}/members`).get()) as { value: unknown[] };
    expect(members.value).toEqual([]);
    expect((await emu.hooks.options()).directoryPageSize).toBe(100);
    expect((await emu.hooks.clock()).offsetMs).toBe(0);
  });

  it("PATCH /_emulator/options round-trips and rejects unknown or ill-typed options", async () => {
    const patched = await emu.hooks.patchOptions({ approvalTimeoutStatus: "TimedOut", selfActionMismatch: { status: 400, code: "X" } });
    expect(patched.approvalTimeoutStatus).toBe("TimedOut");
    expect(await emu.hooks.options()).toEqual(patched);
    await expect(emu.hooks.patchOptions({ nope: true } as never)).rejects.toThrow(/unknown option/);
    await expect(emu.hooks.patchOptions({ directoryPageSize: "10" } as never)).rejects.toThrow(/400/);
  });

  it("loads a named fixture and explains an invalid one", async () => {
    await emu.hooks.loadFixture({ name: "tenant" });
    const res = await fetch(`${emu.url}/_emulator/fixture`, { method: "POST", body: JSON.stringify({ tenant: { id: "nope" } }), headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("InvalidFixture");
    expect(body.error.message).toMatch(/tenant\.id/);
  });
});

describe("mailbox", () => {
  it("lists delivered mail, filters by recipient and clears it", async () => {
    const to = (address: string) => ({ address, name: null });
    emu.services.deliverMail({ from: to("jit-bot@contoso.example"), to: [to("p01@contoso.example")], cc: [], subject: "Approve?", body: { contentType: "Text", content: "hi" }, headers: [] });
    emu.services.deliverMail({ from: to("jit-bot@contoso.example"), to: [to("p02@contoso.example")], cc: [], subject: "Approve too?", body: { contentType: "Text", content: "hi" }, headers: [] });
    expect((await emu.hooks.mail("P01@contoso.example")).map((m) => m.subject)).toEqual(["Approve?"]);
    expect(await emu.hooks.mail()).toHaveLength(2);
    expect(await emu.hooks.clearMail("p01@contoso.example")).toBe(1);
    expect(await emu.hooks.clearMail()).toBe(1);
    expect(await emu.hooks.mail()).toEqual([]);
  });
});
