import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const valid = {
  APP_URL: "https://jit.contoso.example/",
  DATABASE_URL: "postgresql://jit@db.internal:5432/jit",
  AZURE_TENANT_ID: "4d5e6f70-0000-4000-8000-000000000001",
  AZURE_CLIENT_ID: "a1b2c3d4-0000-4000-8000-00000000a001",
  AZURE_CLIENT_SECRET: "s3cret",
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  JIT_TARGETS: "[]",
  AUDITOR_GROUP_ID: "9a8b7c6d-0000-4000-8000-00000000b003",
  MAIL_SENDER: "jit-bot@contoso.example",
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
  return [];
}

describe("parseEnv", () => {
  it("accepts a complete production configuration and applies defaults", () => {
    const env = parseEnv(valid);
    expect(env.APP_URL).toBe("https://jit.contoso.example");
    expect(env.AZURE_AUTHORITY_HOST).toBe("https://login.microsoftonline.com");
    expect(env.GRAPH_BASE_URL).toBe("https://graph.microsoft.com");
    expect(env.WORKER_MODE).toBe("in-process");
    expect(env.DATABASE_POOL_MAX).toBe(10);
  });

  it("names a missing variable", () => {
    expect(problems({ ...valid, AZURE_TENANT_ID: undefined })).toEqual([expect.stringMatching(/^AZURE_TENANT_ID: /)]);
  });

  it("names a malformed variable and says what it must be", () => {
    expect(problems({ ...valid, AZURE_CLIENT_ID: "not-a-guid" })).toEqual(["AZURE_CLIENT_ID: must be a GUID"]);
    expect(problems({ ...valid, DATABASE_URL: "mysql://x" })).toEqual(["DATABASE_URL: must be a postgresql:// URL"]);
    expect(problems({ ...valid, AZURE_AUTHORITY_HOST: "http://login.example" })).toEqual(["AZURE_AUTHORITY_HOST: must be an https:// URL"]);
    expect(problems({ ...valid, TOKEN_ENCRYPTION_KEY: "c2hvcnQ=" })).toEqual(["TOKEN_ENCRYPTION_KEY: must be at least 32 bytes of base64"]);
  });

  it("treats empty strings as unset", () => {
    expect(problems({ ...valid, MAIL_SENDER: "" })).toEqual([expect.stringMatching(/^MAIL_SENDER: /)]);
    expect(parseEnv({ ...valid, GRAPH_BASE_URL: " " }).GRAPH_BASE_URL).toBe("https://graph.microsoft.com");
  });

  it("requires exactly one credential", () => {
    expect(problems({ ...valid, AZURE_CLIENT_SECRET: undefined })).toEqual([
      "AZURE_CLIENT_SECRET: set exactly one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE",
    ]);
    expect(problems({ ...valid, AZURE_FEDERATED_TOKEN_FILE: "/var/run/secrets/azure/tokens/azure-identity-token" })[0]).toContain("(2 are set)");
    expect(parseEnv({ ...valid, AZURE_CLIENT_SECRET: "", AZURE_FEDERATED_TOKEN_FILE: "/token" }).AZURE_FEDERATED_TOKEN_FILE).toBe("/token");
  });

  it("requires the elevation targets from JIT_TARGETS or JIT_TARGETS_FILE", () => {
    expect(problems({ ...valid, JIT_TARGETS: undefined })).toEqual(["JIT_TARGETS: set JIT_TARGETS (JSON) or JIT_TARGETS_FILE"]);
  });

  it("reports every problem at once", () => {
    expect(problems({})).toEqual(
      expect.arrayContaining([expect.stringMatching(/^APP_URL/), expect.stringMatching(/^DATABASE_URL/), expect.stringMatching(/^AUDITOR_GROUP_ID/)]),
    );
  });
});
