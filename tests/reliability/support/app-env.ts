/**
 * The app's own configuration (lib/env, lib/db) pointed at one test's emulated tenant and database, for tests that
 * call server actions and route handlers the way Next.js would: they read `process.env` through lib/env, so the
 * variables are stubbed (vitest) and the cached configuration and database client are dropped.
 */
import { randomBytes } from "node:crypto";
import { vi } from "vitest";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { CLIENT_SECRET, fleetTarget, MAIL_SENDER } from "./app-deps";
import { id } from "./fleet";

/** The origin these tests present as the app's (requests built for route handlers use it). */
export const LOCAL_APP_URL = "http://localhost:3000";

export interface AppEnvOptions {
  databaseUrl: string;
  emulatorUrl: string;
  poolMax: number;
  logLevel: "debug" | "info" | "warn" | "error";
  /** base64 of 32 bytes; a fresh random key when left out. */
  tokenEncryptionKey?: string;
}

export async function useAppEnv(o: AppEnvOptions): Promise<void> {
  const env: Record<string, string> = {
    NODE_ENV: "production",
    APP_URL: LOCAL_APP_URL,
    DATABASE_URL: o.databaseUrl,
    DATABASE_POOL_MAX: String(o.poolMax),
    AZURE_TENANT_ID: id.tenant,
    AZURE_CLIENT_ID: id.appId,
    AZURE_CLIENT_SECRET: CLIENT_SECRET,
    AZURE_CLIENT_CERTIFICATE_PATH: "",
    AZURE_FEDERATED_TOKEN_FILE: "",
    AZURE_AUTHORITY_HOST: o.emulatorUrl,
    GRAPH_BASE_URL: o.emulatorUrl,
    ARM_ENDPOINT: o.emulatorUrl,
    TOKEN_ENCRYPTION_KEY: o.tokenEncryptionKey ?? randomBytes(32).toString("base64"),
    JIT_TARGETS: JSON.stringify([fleetTarget()]),
    AUDITOR_GROUP_ID: id.auditors,
    MAIL_SENDER,
    LOG_LEVEL: o.logLevel,
    METRICS_TOKEN: "",
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  resetEnvForTests();
  await disconnectDb();
}

/** Undoes `useAppEnv`: the database client is closed and the environment is as it was. */
export async function restoreAppEnv(): Promise<void> {
  await disconnectDb();
  vi.unstubAllEnvs();
  resetEnvForTests();
}

