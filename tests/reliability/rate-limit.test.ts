/**
 * The database-backed rate limiter (lib/security/rate-limit.ts): exact under concurrency, per key, per window —
 * and, on real PostgreSQL (TEST_DATABASE_URL), exact across two separate connection pools, i.e. two replicas.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { checkRateLimit, enforceRateLimits } from "@/lib/security/rate-limit";
import { rateLimits } from "@/lib/security/rate-limit-policies";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createPostgresTestDatabase, realPostgresUrl, type PostgresTestDatabase } from "./support/postgres";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.stop();
});

const at = (iso: string) => new Date(iso);

describe("checkRateLimit", () => {
  it("lets exactly `limit` of 100 simultaneous attempts through", async () => {
    const now = at("2026-03-04T10:00:30Z");
    const results = await Promise.all(Array.from({ length: 100 }, () => checkRateLimit("test:burst", 10, 60, { db: testDb.db, now })));
    expect(results.filter((r) => r.isAllowed)).toHaveLength(10);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(Math.min(...results.map((r) => r.retryAfterSeconds))).toBe(30);
  });

  it("counts per key and starts again in the next window", async () => {
    const db = testDb.db;
    for (let i = 0; i < 3; i++) await checkRateLimit("test:a", 3, 60, { db, now: at("2026-03-04T11:00:05Z") });
    expect((await checkRateLimit("test:a", 3, 60, { db, now: at("2026-03-04T11:00:59Z") })).isAllowed).toBe(false);
    expect((await checkRateLimit("test:b", 3, 60, { db, now: at("2026-03-04T11:00:59Z") })).isAllowed).toBe(true);
    expect((await checkRateLimit("test:a", 3, 60, { db, now: at("2026-03-04T11:01:00Z") })).isAllowed).toBe(true);
  });

  it("keeps a hostile key bounded", async () => {
    await checkRateLimit(`test:${"x".repeat(100_000)}`, 1, 60, { db: testDb.db, now: at("2026-03-04T12:00:00Z") });
    const longest = await testDb.db.$queryRaw<{ n: number }[]>`SELECT max(length(key))::int AS n FROM rate_limit_buckets`;
    expect(longest[0]?.n).toBeLessThanOrEqual(200);
  });
});

describe("enforceRateLimits", () => {
  it("refuses with rate_limited, the rule's message and Retry-After, once either the person or the address is over", async () => {
    const db = testDb.db;
    const now = at("2026-03-04T13:02:00Z");
    for (let i = 0; i < 10; i++) await enforceRateLimits(rateLimits.submit("user-1", "203.0.113.7"), { db, now });
    const e = await enforceRateLimits(rateLimits.submit("user-1", "203.0.113.7"), { db, now }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: "rate_limited", httpStatus: 429, options: { retryAfterSeconds: 480 } });
    expect((e as AppError).userMessage).toBe("You have submitted many requests in a short time. Try again in 8 minutes.");
    // Another person from the same address is still fine (the address limit is higher).
    await expect(enforceRateLimits(rateLimits.submit("user-2", "203.0.113.7"), { db, now })).resolves.toBeUndefined();
  });

  it("without a known client address everyone shares one bucket, ten times larger: 600 submits by 60 people pass, the 601st is refused", async () => {
    const db = testDb.db;
    const now = at("2026-03-04T15:00:00Z");
    for (let i = 0; i < 600; i++) await enforceRateLimits(rateLimits.submit(`person-${i % 60}`, "unknown"), { db, now });
    await expect(enforceRateLimits(rateLimits.submit("person-60", "unknown"), { db, now })).rejects.toMatchObject({
      code: "rate_limited",
      userMessage: expect.stringMatching(/^Too many requests are being submitted from your network\./) as unknown,
    });
  });
});

describe.skipIf(!realPostgresUrl())("across replicas (two connection pools on real PostgreSQL)", () => {
  let pgDb: PostgresTestDatabase;
  let other: Db;
  beforeAll(async () => {
    pgDb = await createPostgresTestDatabase(realPostgresUrl()!);
    other = createPrismaClient(pgDb.url, 8);
  });
  afterAll(async () => {
    await other?.$disconnect();
    await pgDb?.stop();
  });

  it("two replicas hammering the same key let exactly `limit` attempts through in total", async () => {
    const now = at("2026-03-04T14:00:00Z");
    const attempts = Array.from({ length: 200 }, (_, i) => checkRateLimit("sign-in:ip:203.0.113.7", 30, 600, { db: i % 2 ? other : pgDb.db, now }));
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.isAllowed)).toHaveLength(30);
  });
});
