/**
 * GET /api/metrics: Prometheus text computed from the database at scrape time (requests by status, lifecycle
 * histograms over 7 days, outbox depth and retries) plus Graph call metrics recorded in-process by the middleware,
 * behind METRICS_TOKEN.
 */
import { Client, type GraphError } from "@microsoft/microsoft-graph-client";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { resetEnvForTests } from "@/lib/env";
import { renderMetrics } from "@/lib/metrics/collect";
import { createGraphMetrics, graphMiddlewareChain, type GraphMetrics } from "@/lib/metrics/graph";
import { setupTestDatabase } from "../../support/db";
import { SEED, setupDoctorEnvironment } from "../doctor/doctor-env";

const env = setupDoctorEnvironment();
const testDb = setupTestDatabase();

/** The value of one sample line, e.g. value(text, 'jit_requests{status="active"}'). */
function value(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const scrape = (headers: Record<string, string> = {}) => GET(new Request("http://localhost/api/metrics", { headers }));
const minutes = (n: number) => n * 60_000;

describe("GET /api/metrics", () => {
  const now = Date.now();
  beforeAll(async () => {
    const db = testDb().db;
    await db.user.create({ data: { id: "5e4d3c2b-0000-4000-8000-00000000c001", tenantId: SEED.tenantId, upn: "n01@contoso.example", displayName: "Nora Requester" } });
    await db.target.create({
      data: { id: "aks-prod-admin", displayName: "AKS prod", pimGroupId: SEED.adminGroup, approverGroupId: SEED.approverGroup, clusterResourceId: SEED.clusterId },
    });
    const request = (status: "pending_approval" | "active" | "denied" | "expired", submittedAgo: number, decidedAfter?: number, activatedAfter?: number) => {
      const submittedAt = new Date(now - submittedAgo);
      return db.accessRequest.create({
        data: {
          targetId: "aks-prod-admin",
          requesterId: "5e4d3c2b-0000-4000-8000-00000000c001",
          status,
          justification: "incident",
          durationMinutes: 60,
          submittedAt,
          decidedAt: decidedAfter === undefined ? null : new Date(submittedAt.getTime() + decidedAfter),
          activatedAt: activatedAfter === undefined ? null : new Date(submittedAt.getTime() + activatedAfter),
        },
      });
    };
    await request("pending_approval", minutes(5));
    await request("active", minutes(30), minutes(10), minutes(11)); // decided after 10 min, active after 11
    await request("denied", minutes(180), minutes(120)); // decided after 2 h
    await request("expired", 8 * 24 * 3_600_000, minutes(3), minutes(4)); // outside the 7-day window

    await db.outboxJob.create({ data: { kind: "mail.send", payload: {}, status: "pending", runAt: new Date(now - 90_000), attempts: 2, lastError: "Graph 503" } });
    await db.outboxJob.create({ data: { kind: "pim.sync-request", payload: {}, status: "pending", runAt: new Date(now + 3_600_000) } });
    await db.outboxJob.create({ data: { kind: "mail.send", payload: {}, status: "dead", attempts: 20, lastError: "gone" } });
    await db.outboxJob.create({ data: { kind: "mail.send", payload: {}, status: "done", doneAt: new Date(now) } });
  });

  it("needs Authorization: Bearer <METRICS_TOKEN> when METRICS_TOKEN is set", async () => {
    vi.stubEnv("METRICS_TOKEN", "scrape-token-0123456789");
    resetEnvForTests();
    try {
      const anonymous = await scrape();
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
      expect(await anonymous.text()).not.toContain("jit_");
      expect((await scrape({ authorization: "Bearer wrong-token-0123456789" })).status).toBe(401);
      const allowed = await scrape({ authorization: "Bearer scrape-token-0123456789" });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    } finally {
      vi.stubEnv("METRICS_TOKEN", "");
      resetEnvForTests();
    }
  });

  it("reports requests by status, with every status present", async () => {
    const text = await (await scrape()).text();
    expect(value(text, "jit_database_up")).toBe(1);
    expect(value(text, 'jit_requests{status="pending_approval"}')).toBe(1);
    expect(value(text, 'jit_requests{status="active"}')).toBe(1);
    expect(value(text, 'jit_requests{status="denied"}')).toBe(1);
    expect(value(text, 'jit_requests{status="expired"}')).toBe(1);
    expect(value(text, 'jit_requests{status="timed_out"}')).toBe(0);
    expect(text).toContain("# TYPE jit_requests gauge");
  });

  it("builds time-to-decision and time-to-activation histograms over the last 7 days", async () => {
    const text = await (await scrape()).text();
    // Decided in the window: 10 min and 2 h (the 8-day-old request is outside).
    expect(value(text, 'jit_request_decision_seconds_bucket{le="300"}')).toBe(0);
    expect(value(text, 'jit_request_decision_seconds_bucket{le="900"}')).toBe(1);
    expect(value(text, 'jit_request_decision_seconds_bucket{le="3600"}')).toBe(1);
    expect(value(text, 'jit_request_decision_seconds_bucket{le="7200"}')).toBe(2);
    expect(value(text, 'jit_request_decision_seconds_bucket{le="+Inf"}')).toBe(2);
    expect(value(text, "jit_request_decision_seconds_count")).toBe(2);
    expect(value(text, "jit_request_decision_seconds_sum")).toBeCloseTo(600 + 7200, 3);
    // Activated in the window: only the active one, 11 min after submission.
    expect(value(text, 'jit_request_activation_seconds_bucket{le="300"}')).toBe(0);
    expect(value(text, 'jit_request_activation_seconds_bucket{le="900"}')).toBe(1);
    expect(value(text, "jit_request_activation_seconds_count")).toBe(1);
    expect(value(text, "jit_request_activation_seconds_sum")).toBeCloseTo(660, 3);
    expect(text).toContain("# TYPE jit_request_decision_seconds histogram");
  });

  it("reports the outbox: jobs by status, due depth with the oldest wait, and retries", async () => {
    const text = await (await scrape()).text();
    expect(value(text, 'jit_outbox_jobs{status="pending"}')).toBe(2);
    expect(value(text, 'jit_outbox_jobs{status="dead"}')).toBe(1);
    expect(value(text, 'jit_outbox_jobs{status="done"}')).toBe(1);
    expect(value(text, 'jit_outbox_jobs{status="running"}')).toBe(0);
    expect(value(text, "jit_outbox_due_jobs")).toBe(1); // the future job is not due yet
    expect(value(text, "jit_outbox_oldest_due_seconds")).toBeGreaterThanOrEqual(89);
    expect(value(text, 'jit_outbox_retrying_jobs{kind="mail.send"}')).toBe(1);
    expect(value(text, 'jit_outbox_retry_attempts{kind="mail.send"}')).toBe(2);
  });

  describe("Graph call metrics from the middleware", () => {
    let metrics: GraphMetrics;
    let client: Client;
    beforeAll(() => {
      metrics = createGraphMetrics();
      const emu = env().emulator;
      client = Client.initWithMiddleware({
        baseUrl: `${emu.url}/`,
        customHosts: new Set([new URL(emu.url).hostname]),
        middleware: graphMiddlewareChain((done) => void emu.appToken("graph").then((t) => done(null, t), (e: unknown) => done(e, null)), { sdkRetries: false, metrics }),
      });
    });

    it("records latency and status per endpoint, and counts throttled calls as errors", async () => {
      await client.api(`/users/${SEED.mailSender}`).get();
      await client.api(`/users/${SEED.p01}`).get();
      await env().emulator.hooks.addFault({ method: "GET", path: "/transitiveMembers", kind: "429", retryAfterSeconds: 1, count: 1 });
      const throttled = await client.api(`/groups/${SEED.approverGroup}/transitiveMembers`).get().then(
        () => undefined,
        (e: unknown) => e as GraphError,
      );
      expect(throttled?.statusCode).toBe(429);

      const text = await renderMetrics({ db: testDb().db, graph: metrics });
      expect(value(text, 'jit_graph_requests_total{endpoint="/users/{id}",method="GET",status="200"}')).toBe(2);
      expect(value(text, 'jit_graph_request_duration_seconds_count{endpoint="/users/{id}",method="GET"}')).toBe(2);
      expect(value(text, 'jit_graph_request_duration_seconds_bucket{endpoint="/users/{id}",method="GET",le="+Inf"}')).toBe(2);
      expect(value(text, 'jit_graph_requests_total{endpoint="/groups/{id}/transitiveMembers",method="GET",status="429"}')).toBe(1);
      expect(value(text, 'jit_graph_errors_total{endpoint="/groups/{id}/transitiveMembers",method="GET",code="429"}')).toBe(1);
      expect(value(text, 'jit_graph_errors_total{endpoint="/users/{id}",method="GET",code="200"}')).toBeUndefined();
      // No raw ids or addresses leak into label values.
      expect(text).not.toContain(SEED.mailSender);
      expect(text).not.toContain(SEED.approverGroup);
    });

    it("counts a call that got no response as a network error", async () => {
      const unreachable = Client.initWithMiddleware({
        baseUrl: "https://127.0.0.1:1/",
        customHosts: new Set(["127.0.0.1"]),
        middleware: graphMiddlewareChain((done) => done(null, "token"), { sdkRetries: false, metrics }),
      });
      await expect(unreachable.api("/users/someone").get()).rejects.toBeDefined();
      const text = await renderMetrics({ db: testDb().db, graph: metrics });
      expect(value(text, 'jit_graph_errors_total{endpoint="/users/{id}",method="GET",code="network"}')).toBe(1);
    });
  });
});
