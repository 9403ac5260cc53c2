/**
 * Auditor pages and routes are for auditors only: anyone else gets the not-found answer (they must not even learn
 * the page exists) and no data; signed-out visitors are sent to sign-in. Membership of the auditor group is read
 * live from the tenant emulator through the app's own Graph client, with a real session cookie in the jar.
 */
import { getAccessFallbackHTTPStatus, isHTTPAccessFallbackError } from "next/dist/client/components/http-access-fallback/http-access-fallback";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSession } from "@/lib/auth/session";
import { resetEnvForTests } from "@/lib/env";
import { resetTargetsForTests } from "@/lib/targets";
import { MemoryCookieJar, setupAuthEnvironment, APP_URL } from "../auth/auth-env";
import { setupTestDatabase } from "../../support/db";

const jar = new MemoryCookieJar();
// The one seam: Next.js's cookies() only exists inside a request; the session lookup itself is real.
vi.mock("@/lib/auth/request-cookies", () => ({ requestCookies: () => Promise.resolve(jar) }));

const testDb = setupTestDatabase();
setupAuthEnvironment();

const tenant = "4d5e6f70-0000-4000-8000-000000000001";
const auditor = { id: "5e4d3c2b-0000-4000-8000-00000000c301", upn: "a01@contoso.example", displayName: "Ada Auditor" };
const requester = { id: "5e4d3c2b-0000-4000-8000-00000000c001", upn: "n01@contoso.example", displayName: "Nora Requester" };
const approver = { id: "5e4d3c2b-0000-4000-8000-00000000c101", upn: "p01@contoso.example", displayName: "Priya Approver" };

async function signInAs(user: typeof auditor): Promise<void> {
  jar.values.clear();
  const { db } = testDb();
  await db.user.upsert({ where: { id: user.id }, create: { ...user, tenantId: tenant }, update: {} });
  await createSession(user, `${user.id}.${tenant}`, {}, { db, jar, appUrl: APP_URL });
}

/** What Next.js answers for a thrown navigation error (notFound → 404, redirect → 307 to its URL). */
async function outcome(fn: () => Promise<unknown>): Promise<{ status: number; location?: string; value?: unknown }> {
  try {
    const value = await fn();
    return { status: value instanceof Response ? value.status : 200, value };
  } catch (e) {
    if (isHTTPAccessFallbackError(e)) return { status: getAccessFallbackHTTPStatus(e) };
    if (isRedirectError(e)) return { status: 307, location: e.digest.split(";")[2] };
    throw e;
  }
}

const exportRoute = () => import("@/app/history/export/route");
const pages = {
  history: async () => (await import("@/app/history/page")).default({ searchParams: Promise.resolve({}) }),
  timeline: async () => (await import("@/app/history/[id]/page")).default({ params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }) }),
  dashboard: async () => (await import("@/app/dashboard/page")).default({ searchParams: Promise.resolve({}) }),
  audit: async () => (await import("@/app/audit/page")).default(),
};
const exportCsv = async () => (await exportRoute()).GET(new NextRequest(`${APP_URL}/history/export?format=csv`));
const verifyNow = async () => (await import("@/app/audit/actions")).verifyAction({ status: "idle" }, new FormData());

beforeAll(async () => {
  // The app's configuration needs one target; which one does not matter to these pages.
  vi.stubEnv(
    "JIT_TARGETS",
    JSON.stringify([
      {
        id: "aks-prod",
        displayName: "AKS prod",
        pimGroupId: "9a8b7c6d-0000-4000-8000-00000000b001",
        approverGroupId: "9a8b7c6d-0000-4000-8000-00000000b002",
        clusterResourceId: "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod",
      },
    ]),
  );
  resetEnvForTests();
  resetTargetsForTests();
  const { db } = testDb();
  await db.target.create({ data: { id: "aks-prod", displayName: "AKS prod", pimGroupId: "g", approverGroupId: "a", clusterResourceId: "/x" } });
});
afterEach(() => jar.values.clear());

describe("someone who is not an auditor", () => {
  it.each([
    ["a requester", requester],
    ["an approver", approver],
  ])("%s gets 404 from every auditor page, the export and the verify action", async (_who, user) => {
    await signInAs(user);
    for (const [name, page] of Object.entries(pages)) expect(await outcome(page), name).toEqual({ status: 404 });
    expect(await outcome(exportCsv)).toEqual({ status: 404 });
    expect(await outcome(verifyNow)).toEqual({ status: 404 });
    // …and nothing was exported or verified in their name.
    expect(await testDb().db.auditEvent.count({ where: { action: { in: ["audit.exported", "audit.verified"] } } })).toBe(0);
  });

  it("who is signed out is sent to sign-in instead", async () => {
    const r = await outcome(exportCsv);
    expect(r.status).toBe(307);
    expect(r.location).toBe("/api/auth/login?returnTo=%2Fhistory");
    expect(await outcome(pages.history)).toMatchObject({ status: 307 });
  });
});

describe("an auditor", () => {
  it("gets the pages", async () => {
    await signInAs(auditor);
    expect(await outcome(pages.history)).toMatchObject({ status: 200 });
    expect(await outcome(pages.dashboard)).toMatchObject({ status: 200 });
    expect(await outcome(pages.audit)).toMatchObject({ status: 200 });
    // An unknown request is a plain 404 for auditors too.
    expect(await outcome(pages.timeline)).toEqual({ status: 404 });
  });

  it("downloads the export, which is audited in their name", async () => {
    await signInAs(auditor);
    const r = await outcome(exportCsv);
    const res = r.value as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="jit-access-history-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await res.text()).split("\r\n")[0]).toMatch(/^number,id,status,submitted_at,/);
    const event = await testDb().db.auditEvent.findFirst({ where: { action: "audit.exported" } });
    expect(event).toMatchObject({ actorId: auditor.id, data: { format: "csv", count: 0, filters: {}, complete: true } });
  });

  it("gets 400 with a message per field for bad filters or format, and nothing is exported", async () => {
    await signInAs(auditor);
    const before = await testDb().db.auditEvent.count();
    const { GET } = await exportRoute();
    const bad = await GET(new NextRequest(`${APP_URL}/history/export?format=csv&q=ab&status=bogus`));
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string; fields: Record<string, string> };
    expect(body.error).toBe("Some filters are not valid.");
    expect(Object.keys(body.fields).sort()).toEqual(["q", "status"]);
    expect(body.fields.q).toBe("Search needs at least 3 characters");
    const format = await GET(new NextRequest(`${APP_URL}/history/export?format=xlsx`));
    expect(format.status).toBe(400);
    expect(await testDb().db.auditEvent.count()).toBe(before);
  });
});
