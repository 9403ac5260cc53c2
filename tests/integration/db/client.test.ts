import { describe, expect, it } from "vitest";
import { db, disconnectDb, type Tx } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/support/db";

// lib/env validates the whole app configuration on first use; these are placeholders, only DATABASE_URL matters.
const testDb = setupTestDatabase({
  env: {
    APP_URL: "http://localhost:3000",
    AZURE_TENANT_ID: "4d5e6f70-0000-4000-8000-000000000001",
    AZURE_CLIENT_ID: "a1b2c3d4-0000-4000-8000-00000000a001",
    AZURE_CLIENT_SECRET: "test-secret",
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    JIT_TARGETS: "[]",
    AUDITOR_GROUP_ID: "9a8b7c6d-0000-4000-8000-00000000b003",
    MAIL_SENDER: "jit-bot@contoso.example",
  },
});

describe("lib/db/client", () => {
  it("connects `db` to DATABASE_URL on first use and shares data with other clients of that database", async () => {
    await db.user.create({ data: { id: "u1", tenantId: "t", upn: "n01@contoso.example", displayName: "N 01" } });

    expect(await testDb().db.user.findUnique({ where: { id: "u1" } })).toMatchObject({ upn: "n01@contoso.example" });
  });

  it("runs interactive transactions and rolls them back on error", async () => {
    const rename = (tx: Tx, name: string) => tx.user.update({ where: { id: "u1" }, data: { displayName: name } });

    await expect(
      db.$transaction(async (tx) => {
        await rename(tx, "changed");
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await db.$transaction(async (tx) => rename(tx, "N 01 (renamed)"));

    expect((await db.user.findUniqueOrThrow({ where: { id: "u1" } })).displayName).toBe("N 01 (renamed)");
  });

  it("opens a new pool after disconnectDb()", async () => {
    await disconnectDb();

    expect(await db.user.count()).toBe(1);
  });
});
