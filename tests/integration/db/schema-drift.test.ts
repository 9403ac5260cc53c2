import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { loadDmmf } from "./prisma-dmmf";
import { compareShapes, shapeFromDatabase, shapeFromDmmf, withoutBookkeeping, type SchemaShape } from "./schema-shape";

// The committed migrations are hand-written (docs/decisions/0002); this is what keeps them honest.
describe("migrated database vs schema.prisma", () => {
  let testDb: TestDatabase;
  let expected: SchemaShape;
  let actual: SchemaShape;

  beforeAll(async () => {
    const [dmmf, created] = await Promise.all([loadDmmf(), createTestDatabase()]);
    testDb = created;
    expected = shapeFromDmmf(dmmf);
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      actual = withoutBookkeeping(await shapeFromDatabase(client));
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it("has exactly the tables, columns, types, nullability, defaults, enums, indexes and foreign keys of schema.prisma", () => {
    expect(compareShapes(expected, actual)).toEqual([]);
  });

  it("reads every model of schema.prisma (the comparison is not vacuous)", () => {
    expect(Object.keys(expected.tables).sort()).toEqual(
      ["access_requests", "approval_links", "audit_events", "decisions", "outbox_jobs", "rate_limit_buckets", "sessions", "targets", "token_cache", "users"].sort(),
    );
    expect(expected.tables.access_requests?.submitted_at).toEqual({ type: "timestamp(3) with time zone", nullable: false, default: "CURRENT_TIMESTAMP" });
    expect(expected.enums.request_status).toContain("timed_out");
    expect(expected.indexes["access_requests_requester_id_submitted_at_idx"]?.columns).toEqual(["requester_id", "submitted_at DESC"]);
  });

  describe("the comparison reports drift", () => {
    const doctor = (change: (s: SchemaShape) => void): string[] => {
      const copy = structuredClone(actual);
      change(copy);
      return compareShapes(expected, copy);
    };

    it("a missing column", () => {
      expect(doctor((s) => delete s.tables.users?.email)).toEqual(["column users.email: missing in the database"]);
    });

    it("an extra column and an extra table", () => {
      const problems = doctor((s) => {
        s.tables.users!.nickname = { type: "text", nullable: true, default: null };
        s.tables.scratch = {};
      });
      expect(problems).toEqual(["table scratch: in the database but not in schema.prisma", "column users.nickname: in the database but not in schema.prisma"]);
    });

    it("a wrong type, nullability or default", () => {
      const problems = doctor((s) => {
        s.tables.access_requests!.submitted_at = { type: "timestamp(3) without time zone", nullable: true, default: null };
      });
      expect(problems).toEqual([
        "column access_requests.submitted_at: type is timestamp(3) without time zone, schema.prisma says timestamp(3) with time zone",
        "column access_requests.submitted_at: is NULL, schema.prisma says required",
        "column access_requests.submitted_at: default is none, schema.prisma implies CURRENT_TIMESTAMP",
      ]);
    });

    it("a missing enum value and a missing table", () => {
      const problems = doctor((s) => {
        s.enums.request_status = s.enums.request_status!.filter((v) => v !== "timed_out");
        delete s.tables.outbox_jobs;
      });
      expect(problems).toHaveLength(2);
      expect(problems).toContain("table outbox_jobs: missing in the database");
      expect(problems.find((p) => p.startsWith("enum request_status: values are"))).toBeDefined();
    });

    it("a partial index that lost or changed its condition", () => {
      const problems = doctor((s) => {
        s.indexes.audit_events_verified_seq_idx!.predicate = null;
        s.indexes.sessions_user_id_idx!.predicate = "(user_id <> ''::text)";
      });
      expect(problems).toEqual([
        expect.stringMatching(/^index audit_events_verified_seq_idx: is .*"predicate":null/),
        expect.stringMatching(/^index sessions_user_id_idx: is .*"predicate":"\(user_id <> ''::text\)"/),
      ]);
    });

    it("an index with another name or sort order, and a foreign key with another action", () => {
      const problems = doctor((s) => {
        s.indexes.sessions_user_idx = s.indexes.sessions_user_id_idx!;
        delete s.indexes.sessions_user_id_idx;
        s.indexes.access_requests_submitted_at_id_idx!.columns = ["submitted_at", "id"];
        s.foreignKeys.sessions_user_id_fkey!.onDelete = "Restrict";
      });
      expect(problems).toEqual([
        expect.stringMatching(/^index access_requests_submitted_at_id_idx: is .*"submitted_at","id"/),
        "index sessions_user_id_idx: missing in the database",
        "index sessions_user_idx: in the database but not in schema.prisma",
        expect.stringMatching(/^foreign key sessions_user_id_fkey: is .*"onDelete":"Restrict"/),
      ]);
    });
  });
});
