/**
 * GET /api/health/ready against a real (migrated) database and the emulator's token endpoint: 200 when the hard
 * dependencies work, "degraded" (still 200) when outbox jobs are overdue, 503 when the database or the app token
 * fails — and the body never carries a secret.
 */
import { describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/health/ready/route";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { getAppAccessToken } from "@/lib/entra/tokens";
import { resetEnvForTests } from "@/lib/env";
import { checkReadiness, type ReadinessReport } from "@/lib/observability/readiness";
import { setupTestDatabase } from "../../support/db";
import { setupDoctorEnvironment } from "../doctor/doctor-env";

const env = setupDoctorEnvironment();
const testDb = setupTestDatabase();

const probe = (headers: Record<string, string> = {}) => GET(new Request("http://localhost/api/health/ready", { headers }));

async function addJob(runAt: Date, status: "pending" | "done" = "pending"): Promise<void> {
  await testDb().db.outboxJob.create({ data: { kind: "mail.send", payload: {}, status, runAt } });
}

describe("GET /api/health/ready", () => {
  it("answers 200 ready with each check when the database and the app token work, echoing x-request-id", async () => {
    const res = await probe({ "x-request-id": "probe-42" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-request-id")).toBe("probe-42");
    const body = (await res.json()) as ReadinessReport;
    expect(body.status).toBe("ready");
    expect(body.checks.database.status).toBe("ok");
    expect(body.checks.entraToken.status).toBe("ok");
    expect(body.checks.outbox).toMatchObject({ status: "ok", overdueJobs: 0, maxDelayMinutes: 10 });
  });

  it("is degraded (still 200) when a pending job is overdue by more than 10 minutes; future and recent jobs do not count", async () => {
    const now = Date.now();
    await addJob(new Date(now + 3_600_000)); // scheduled later (e.g. an expiry warning)
    await addJob(new Date(now - 2 * 60_000)); // due, but the worker has time
    await addJob(new Date(now - 30 * 60_000), "done");
    let body = (await (await probe()).json()) as ReadinessReport;
    expect(body.checks.outbox).toMatchObject({ status: "ok", overdueJobs: 0 });

    await addJob(new Date(now - 15 * 60_000));
    const res = await probe();
    expect(res.status).toBe(200);
    body = (await res.json()) as ReadinessReport;
    expect(body.status).toBe("degraded");
    expect(body.checks.outbox.status).toBe("degraded");
    expect(body.checks.outbox.overdueJobs).toBe(1);
    expect(body.checks.outbox.oldestOverdueSeconds).toBeGreaterThanOrEqual(15 * 60 - 5);
    await testDb().db.outboxJob.deleteMany({});
  });

  it("answers 503 when Entra refuses the app's credential, naming the check and never the secret", async () => {
    const wrongSecret = "definitely-not-the-registered-secret";
    vi.stubEnv("AZURE_CLIENT_SECRET", wrongSecret);
    resetEnvForTests();
    try {
      const res = await probe();
      expect(res.status).toBe(503);
      const text = await res.text();
      const body = JSON.parse(text) as ReadinessReport;
      expect(body.status).toBe("unavailable");
      expect(body.checks.entraToken).toMatchObject({ status: "fail", error: "token request failed (misconfigured)" });
      expect(body.checks.database.status).toBe("ok");
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(env().emulator.app().secrets[0]?.value ?? "<none>");
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}/);
    } finally {
      vi.stubEnv("AZURE_CLIENT_SECRET", env().emulator.app().secrets[0]?.value ?? "");
      resetEnvForTests();
    }
  });

  it("answers 503 when the database cannot be reached, without the connection string", async () => {
    const unreachable = createPrismaClient("postgresql://jit:hunter2@127.0.0.1:1/jit", 1);
    try {
      const { httpStatus, report } = await checkReadiness({ db: unreachable, getToken: () => getAppAccessToken("graph") });
      expect(httpStatus).toBe(503);
      expect(report.checks.database).toMatchObject({ status: "fail", error: "query failed" });
      expect(report.checks.outbox.status).toBe("unknown");
      expect(JSON.stringify(report)).not.toContain("hunter2");
    } finally {
      await unreachable.$disconnect();
    }
  });

  it("answers 503 when the database does not answer within the timeout", async () => {
    const hanging = { $queryRaw: () => new Promise(() => {}) } as unknown as Db;
    const started = Date.now();
    const { httpStatus, report } = await checkReadiness({ db: hanging, getToken: () => getAppAccessToken("graph"), databaseTimeoutMs: 200 });
    expect(httpStatus).toBe(503);
    expect(report.checks.database).toMatchObject({ status: "fail", error: "timed out" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
