/**
 * History queries against a real database (PGlite, or PostgreSQL with TEST_DB_KIND=postgres): every filter
 * returns exactly the rows the oracle in dataset.ts picks, and keyset paging visits every row once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHistoryFilters, type HistoryFilters } from "@/lib/history/filters";
import { Prisma } from "@/lib/generated/prisma/client";
import { historyBatches, historyFrom, historyPageOrder, historyWhere, queryHistory, resolveFilters } from "@/lib/history/query";
import { createTestDatabase, type TestDatabase } from "../../support/db";
import { approvers, buildDataset, expected, insertDataset, requesters, type KnownRequest } from "./dataset";

let t: TestDatabase;
const rows: KnownRequest[] = buildDataset(150);

beforeAll(async () => {
  t = await createTestDatabase();
  await insertDataset(t.db, rows);
});
afterAll(async () => {
  await t?.stop();
});

function filters(query: string): HistoryFilters {
  const parsed = parseHistoryFilters(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(`bad test filter ${query}: ${JSON.stringify(parsed.errors)}`);
  return parsed.filters;
}

/** Every page until the last, as ids, checking that each page but the last is full. */
async function allPages(f: HistoryFilters, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await queryHistory(t.db, f, { cursor, limit });
    ids.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return ids;
    expect(page.rows).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

const ids = (list: KnownRequest[]) => list.map((r) => r.id);

describe("history filters", () => {
  const cases: [string, string][] = [
    ["no filter: everything", ""],
    ["requester by UPN, case-insensitive", "requester=TIA.three@contoso.example"],
    ["requester by object id", `requester=${requesters[1]!.id}`],
    ["approver (decided by) by UPN", "approver=bo.approver@contoso.example"],
    ["approver by object id", `approver=${approvers[2]!.id}`],
    ["target", "target=t-gamma"],
    ["one status", "status=denied"],
    ["several statuses (repeated and comma-separated)", "status=active&status=expired,timed_out"],
    ["submitted date range, whole UTC days", "from=2026-01-11&to=2026-01-11"],
    ["only a start date", "from=2026-01-11"],
    ["free text in the justification, case-insensitive", "q=KAFKA"],
    ["free text in the ticket number", "q=INC00041"],
    ["LIKE wildcards are literal", "q=100%_"],
    ["combined filters", "status=denied,expired,submitted&target=t-alpha&q=service&sort=asc"],
    ["oldest first", "sort=asc"],
  ];
  it.each(cases)("%s", async (_name, query) => {
    const f = filters(query);
    const want = ids(expected(rows, f));
    const got = (await queryHistory(t.db, f, { limit: 1000 })).rows.map((r) => r.id);
    expect(got).toEqual(want);
    if (query && query !== "sort=asc") expect(want.length).toBeLessThan(rows.length);
  });

  it("the cases are not vacuous: each filter matches something, and wildcards only the literal row", () => {
    for (const [, query] of cases) expect(expected(rows, filters(query)).length, query).toBeGreaterThan(0);
    expect(expected(rows, filters("q=100%_"))).toHaveLength(1);
  });

  it("returns nothing (not everything) for a requester or approver nobody has", async () => {
    expect((await queryHistory(t.db, filters("requester=nobody@contoso.example"))).rows).toEqual([]);
    expect((await queryHistory(t.db, filters("approver=00000000-0000-4000-8000-000000000000"))).rows).toEqual([]);
  });

  it("fills rows with requester, target and every decision", async () => {
    const r = rows.find((x) => x.deciders.length === 2)!;
    const page = await queryHistory(t.db, filters(`requester=${r.requesterId}&q=${encodeURIComponent(r.justification.slice(0, 20))}`), { limit: 1000 });
    const row = page.rows.find((x) => x.id === r.id);
    expect(row).toMatchObject({ requester: { id: r.requesterId }, target: { id: r.targetId }, status: r.status, submittedAt: r.submittedAt });
    expect(row?.decisions.map((d) => [d.approverId, d.kind])).toEqual([
      [r.deciders[0], "approve"],
      [r.deciders[1], "deny"],
    ]);
  });
});

describe("keyset pagination", () => {
  it.each([1, 2, 7, 50])("visits every row exactly once, in order, with pages of %i (three rows share each timestamp)", async (limit) => {
    for (const sort of ["desc", "asc"]) {
      const f = filters(`sort=${sort}`);
      const got = await allPages(f, limit);
      expect(new Set(got).size).toBe(got.length);
      expect(got).toEqual(ids(expected(rows, f)));
    }
  });

  it("pages a filtered result the same way", async () => {
    const f = filters("status=denied,expired,active,failed&q=service");
    expect(await allPages(f, 4)).toEqual(ids(expected(rows, f)));
  });

  it("pages an approver's requests (read from their decisions) the same way, both orders, with dates and text", async () => {
    for (const query of [`approver=${approvers[1]!.id}`, `approver=${approvers[1]!.upn}&sort=asc`, `approver=${approvers[0]!.id}&from=2026-01-11&q=service`]) {
      const f = filters(query);
      const want = ids(expected(rows, f));
      expect(want.length, query).toBeGreaterThan(3);
      expect(await allPages(f, 2), query).toEqual(want);
      expect(await allPages(f, 3), query).toEqual(want);
    }
  });

  it("the dataset really has ties on submitted_at", () => {
    expect(new Set(rows.map((r) => r.submittedAt.getTime())).size).toBe(rows.length / 3);
  });

  it("a cursor keeps its place when newer requests arrive", async () => {
    const f = filters("");
    const first = await queryHistory(t.db, f, { limit: 10 });
    const second = await queryHistory(t.db, f, { limit: 10, cursor: first.nextCursor });
    const newer = buildDataset(3).map((r) => ({ ...r, submittedAt: new Date(Date.UTC(2027, 0, 1)) }));
    await insertDataset(t.db, newer);
    try {
      const again = await queryHistory(t.db, f, { limit: 10, cursor: first.nextCursor });
      expect(again.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    } finally {
      const newIds = newer.map((r) => r.id);
      await t.db.decision.deleteMany({ where: { requestId: { in: newIds } } });
      await t.db.accessRequest.deleteMany({ where: { id: { in: newIds } } });
    }
  });

  it("refuses a cursor it did not write", async () => {
    await expect(queryHistory(t.db, filters(""), { cursor: "bm90LWEtY3Vyc29y" })).rejects.toThrow(RangeError);
  });

  it("historyBatches yields the whole result in order, batch by batch", async () => {
    const f = filters("sort=asc");
    const got: string[] = [];
    const sizes: number[] = [];
    for await (const batch of historyBatches(t.db, f, 40)) {
      sizes.push(batch.length);
      got.push(...batch.map((r) => r.id));
    }
    expect(sizes).toEqual([40, 40, 40, 30]);
    expect(got).toEqual(ids(expected(rows, f)));
  });
});

describe("filter validation", () => {
  it("turns bad input into messages per field, without throwing", () => {
    const r = parseHistoryFilters(new URLSearchParams("status=nope&from=2026-02-30&to=yesterday&q=ab&sort=sideways&requester=" + "x".repeat(300)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.status).toMatch(/^Status must be one of/);
    expect({ ...r.errors, status: undefined }).toEqual({
      status: undefined,
      from: "From is not a real date",
      to: "To must be a date (YYYY-MM-DD)",
      q: "Search needs at least 3 characters",
      sort: "Sort must be newest or oldest first",
      requester: "Requester is too long (at most 256 characters)",
    });
  });

  it("rejects a range that ends before it starts", () => {
    expect(parseHistoryFilters(new URLSearchParams("from=2026-03-02&to=2026-03-01"))).toEqual({ ok: false, errors: { to: "To must not be before From" } });
  });

  it("treats blank fields as unset and accepts Next.js's searchParams objects", () => {
    expect(parseHistoryFilters({ requester: "  ", status: ["denied", "active"], q: "" })).toEqual({
      ok: true,
      filters: { status: ["denied", "active"], sort: "desc" },
    });
  });
});

describe("the approver filter's plan", () => {
  // With sorting and whole-table scans priced out, PostgreSQL still sorts if no index gives the page order. A plan
  // driven by the approver's decisions, without a Sort node, reads them in page order and stops at the LIMIT.
  it.each(["desc", "asc"])("reads the approver's decisions in page order from their index (%s), without sorting", async (sort) => {
    const f = await resolveFilters(t.db, filters(`approver=${approvers[1]!.upn}&sort=${sort}`));
    expect(f?.approverIds).toHaveLength(1);
    const after = { submittedAt: new Date("2026-01-12T00:00:00Z"), id: "00000000-0000-4000-8000-000000000000" };
    const select = Prisma.sql`SELECT r.id FROM ${historyFrom(f!)} WHERE ${historyWhere(f!, after)} ORDER BY ${historyPageOrder(f!)} LIMIT 51`;
    const plan = await t.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_sort = off");
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
      const explained = await tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${select}`);
      return explained.map((r) => r["QUERY PLAN"]).join("\n");
    });
    // The outer side of the join comes first in the plan: the approver's decisions drive it, not the requests.
    const firstScan = plan.split("\n").find((line) => line.includes("Scan"));
    expect(firstScan).toMatch(/Index (Only )?Scan (Backward )?using decisions_approver_id_request_submitted_at_request_id_idx on decisions ad/);
    expect(plan).not.toMatch(/Sort/);
  });
});
