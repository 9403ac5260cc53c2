/**
 * The emulator core's wire contract: headers, error shapes per service, body limits, timeouts and state
 * persistence across restarts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { sharedTlsDir, startTestEmulator, type TestEmulator } from "../support/emulator";

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const noraId = "5e4d3c2b-0000-4000-8000-00000000c001";
const subscription = "0b1c2d3e-0000-4000-8000-000000000001";

let emu: TestEmulator;
let graphToken: string;
beforeAll(async () => {
  emu = await startTestEmulator();
  graphToken = await emu.appToken("graph");
  // Probe routes for core behaviour that does not depend on a feature module.
  emu.core.router.add("arm", "GET", "/subscriptions/:sub/emulatorProbe", (ctx) => ({ status: 200, json: { caller: ctx.caller().objectId } }));
  emu.core.router.add("arm", "PUT", "/subscriptions/:sub/emulatorProbe", async (ctx) => ({ status: 200, json: await ctx.json() }));
  emu.core.router.add("graph", "POST", "/v1.0/emulatorProbe/echo", async (ctx) => ({ status: 200, json: await ctx.json() }));
  emu.core.router.add("graph", "GET", "/v1.0/emulatorProbe/boom", () => {
    throw new Error("bug in a handler");
  });
});
afterAll(async () => {
  await emu?.stop();
});

describe("Graph dialect", () => {
  it("sets request-id, echoes client-request-id and uses Graph's JSON content type", async () => {
    const res = await fetch(`${emu.url}/v1.0/users/${noraId}`, { headers: { Authorization: `Bearer ${graphToken}`, "client-request-id": "c0ffee00-0000-4000-8000-000000000001" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("request-id")).toMatch(guid);
    expect(res.headers.get("client-request-id")).toBe("c0ffee00-0000-4000-8000-000000000001");
    expect(res.headers.get("content-type")).toBe("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("renders an unknown path as 404 and a wrong method as 405 with Allow, both with innerError", async () => {
    const missing = await fetch(`${emu.url}/v1.0/nothingHere`);
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(body.error.innerError["client-request-id"]).toBe(missing.headers.get("request-id"));
    const wrong = await fetch(`${emu.url}/v1.0/users`, { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toContain("GET");
  });

  it("answers malformed JSON with 400 BadRequest", async () => {
    const res = await fetch(`${emu.url}/v1.0/emulatorProbe/echo`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BadRequest");
  });

  it("refuses a body over 1 MB with 413", async () => {
    const res = await fetch(`${emu.url}/v1.0/users/${noraId}/checkMemberGroups`, {
      method: "POST",
      headers: { Authorization: `Bearer ${graphToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ groupIds: ["x".repeat(1024 * 1024)] }),
    });
    expect(res.status).toBe(413);
  });

  it("turns an unexpected handler exception into a Graph-shaped 500", async () => {
    const res = await fetch(`${emu.url}/v1.0/emulatorProbe/boom`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string; message: string } }).error.message).not.toContain("bug in a handler");
  });
});

describe("ARM dialect", () => {
  it("collapses // in paths, echoes x-ms-client-request-id as the correlation id and accepts an ARM token", async () => {
    const token = await emu.appToken("arm");
    const res = await fetch(`${emu.url}//subscriptions/${subscription}/emulatorProbe`, {
      headers: { Authorization: `Bearer ${token}`, "x-ms-client-request-id": "abc-123" },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { caller: string }).caller).toBe(emu.app().servicePrincipalId);
    expect(res.headers.get("x-ms-request-id")).toMatch(guid);
    expect(res.headers.get("x-ms-correlation-request-id")).toBe("abc-123");
  });

  it("rejects a Graph token with 401 InvalidAuthenticationToken and an expired one with ExpiredAuthenticationToken", async () => {
    const wrongAudience = await fetch(`${emu.url}/subscriptions/${subscription}/emulatorProbe`, { headers: { Authorization: `Bearer ${graphToken}` } });
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(((await wrongAudience.json()) as { error: { code: string } }).error.code).toBe("InvalidAuthenticationToken");
    const token = await emu.appToken("arm");
    await emu.hooks.advanceClock(24 * 3600);
    try {
      const expired = await fetch(`${emu.url}/subscriptions/${subscription}/emulatorProbe`, { headers: { Authorization: `Bearer ${token}` } });
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as { error: { code: string } }).error.code).toBe("ExpiredAuthenticationToken");
    } finally {
      await emu.hooks.reset();
    }
  });

  it("answers malformed JSON with 400 InvalidRequestContent and unknown paths in ARM's error shape", async () => {
    const bad = await fetch(`${emu.url}/subscriptions/${subscription}/emulatorProbe`, { method: "PUT", body: "{", headers: { "Content-Type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("InvalidRequestContent");
    const missing = await fetch(`${emu.url}/providers/Nope.Provider/things`);
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as { error: { code: string; message: string; innerError?: unknown } };
    expect(body.error.code).toBeTruthy();
    expect(body.error.innerError).toBeUndefined();
  });
});

describe("robustness", () => {
  it("keeps serving other clients while one connection stalls mid-request", async () => {
    const { port } = new URL(emu.url);
    const socket = tls.connect({ host: "127.0.0.1", port: Number(port), servername: "localhost" });
    await new Promise<void>((resolve) => socket.once("secureConnect", () => resolve()));
    socket.write("POST /v1.0/users HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{");
    try {
      const res = await fetch(`${emu.url}/v1.0/users/${noraId}`, { headers: { Authorization: `Bearer ${graphToken}` } });
      expect(res.status).toBe(200);
    } finally {
      socket.destroy();
    }
  });
});

describe("persistence", () => {
  it("restores module state, options and clock after a restart when persist is on", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-persist-"));
    const adminGroup = "9a8b7c6d-0000-4000-8000-00000000b001";
    try {
      const first = await startEmulator({ dataDir, tlsDir: sharedTlsDir, persist: true });
      first.services.directory.addMember(adminGroup, noraId);
      first.core.setOptions({ directoryPageSize: 7 });
      first.core.clock.advance(600);
      await first.stop();
      expect(fs.existsSync(path.join(dataDir, "emulator", "state.json"))).toBe(true);

      const second = await startEmulator({ dataDir, tlsDir: sharedTlsDir, persist: true });
      try {
        expect(second.services.directory.isTransitiveMember(adminGroup, noraId)).toBe(true);
        expect(second.services.options().directoryPageSize).toBe(7);
        expect(second.core.clock.snapshot().offsetMs).toBeGreaterThanOrEqual(590_000);
        second.reset();
        expect(second.services.directory.isTransitiveMember(adminGroup, noraId)).toBe(false);
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
