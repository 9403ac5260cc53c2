import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import type { CookieJar, CookieOptions } from "@/lib/auth/cookies";

export const APP_URL = "http://localhost:3000";

/**
 * Starts an emulator for the file and points the app's environment at it (register after useTestDatabase(),
 * which sets DATABASE_URL). Everything else the env schema requires gets a harmless value.
 */
export function setupAuthEnvironment(options: { withoutDatabase?: boolean } = {}): () => { emulator: TestEmulator; encryptionKey: string } {
  let emulator: TestEmulator | undefined;
  const encryptionKey = randomBytes(32).toString("base64");
  beforeAll(async () => {
    emulator = await startTestEmulator();
    const app = emulator.app();
    vi.stubEnv("APP_URL", APP_URL);
    vi.stubEnv("AZURE_TENANT_ID", emulator.tenantId);
    vi.stubEnv("AZURE_CLIENT_ID", app.appId);
    vi.stubEnv("AZURE_CLIENT_SECRET", app.secrets[0]?.value ?? "");
    vi.stubEnv("AZURE_CLIENT_CERTIFICATE_PATH", "");
    vi.stubEnv("AZURE_FEDERATED_TOKEN_FILE", "");
    vi.stubEnv("AZURE_AUTHORITY_HOST", emulator.url);
    vi.stubEnv("GRAPH_BASE_URL", emulator.url);
    vi.stubEnv("ARM_ENDPOINT", emulator.url);
    vi.stubEnv("TOKEN_ENCRYPTION_KEY", encryptionKey);
    vi.stubEnv("JIT_TARGETS", "[]");
    vi.stubEnv("AUDITOR_GROUP_ID", "9a8b7c6d-0000-4000-8000-00000000b003");
    vi.stubEnv("MAIL_SENDER", "jit-bot@contoso.example");
    vi.stubEnv("LOG_LEVEL", "error");
    // lib/env validates the whole configuration; a file without a database still needs a well-formed URL.
    if (options.withoutDatabase) vi.stubEnv("DATABASE_URL", "postgresql://unused@127.0.0.1:1/unused");
    resetEnvForTests();
  });
  afterAll(async () => {
    await emulator?.stop();
    vi.unstubAllEnvs();
    resetEnvForTests();
  });
  return () => {
    if (!emulator) throw new Error("setupAuthEnvironment(): only inside tests and hooks");
    return { emulator, encryptionKey };
  };
}

/** Runs `fn` with one variable changed, then puts `restoreTo` back. */
export async function withEnv<T>(name: string, value: string, restoreTo: string, fn: () => Promise<T>): Promise<T> {
  vi.stubEnv(name, value);
  resetEnvForTests();
  try {
    return await fn();
  } finally {
    vi.stubEnv(name, restoreTo);
    resetEnvForTests();
  }
}

/** A browser's cookie store, as far as our code can see it: Set-Cookie with Max-Age=0 deletes. */
export class MemoryCookieJar implements CookieJar {
  readonly values = new Map<string, string>();
  readonly writes: { name: string; value: string; options: CookieOptions }[] = [];

  get(name: string): { value: string } | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : { value };
  }

  set(name: string, value: string, options: CookieOptions): void {
    this.writes.push({ name, value, options });
    if (options.maxAge === 0) this.values.delete(name);
    else this.values.set(name, value);
  }
}
