/**
 * Points the app's environment at a per-file emulator, the way tests/integration/auth/auth-env.ts does for the
 * sign-in tests, with one target matching the seeded tenant (the same one `npm run demo` configures). The setup
 * check needs no database, but lib/env validates the whole configuration, so DATABASE_URL gets a harmless value.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, vi } from "vitest";
import type { TenantFixture } from "@/emulator/core/types";
import { resetEnvForTests } from "@/lib/env";
import { resetTargetsForTests } from "@/lib/targets";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";

export const SEED = {
  tenantId: "4d5e6f70-0000-4000-8000-000000000001",
  clientId: "a1b2c3d4-0000-4000-8000-00000000a001",
  servicePrincipalId: "a1b2c3d4-0000-4000-8000-00000000a002",
  subscriptionId: "0b1c2d3e-0000-4000-8000-000000000001",
  defaultGroup: "9a8b7c6d-0000-4000-8000-00000000b000",
  adminGroup: "9a8b7c6d-0000-4000-8000-00000000b001",
  approverGroup: "9a8b7c6d-0000-4000-8000-00000000b002",
  auditorGroup: "9a8b7c6d-0000-4000-8000-00000000b003",
  p01: "5e4d3c2b-0000-4000-8000-00000000c101",
  p02: "5e4d3c2b-0000-4000-8000-00000000c102",
  o01: "5e4d3c2b-0000-4000-8000-00000000c201",
  mailSender: "jit-bot@contoso.example",
  clusterId: "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod",
} as const;

export const seedTarget = {
  id: "aks-prod-admin",
  displayName: "AKS prod · RBAC Admin",
  pimGroupId: SEED.adminGroup,
  approverGroupId: SEED.approverGroup,
  clusterResourceId: SEED.clusterId,
  quorum: 1,
  defaultDurationMinutes: 60,
  maxDurationMinutes: 240,
};

export interface DoctorTestEnv {
  emulator: TestEmulator;
  /** Loads a tenant into the running emulator and makes the app forget cached tokens and configuration. */
  useTenant(fixture: TenantFixture): void;
}

export function setupDoctorEnvironment(options: { credential?: "secret" | "none" } = {}): () => DoctorTestEnv {
  let emulator: TestEmulator | undefined;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    vi.stubEnv("APP_URL", "http://localhost:3000");
    vi.stubEnv("DATABASE_URL", "postgresql://unused@127.0.0.1:1/unused");
    vi.stubEnv("AZURE_TENANT_ID", emulator.tenantId);
    vi.stubEnv("AZURE_CLIENT_ID", emulator.app().appId);
    vi.stubEnv("AZURE_CLIENT_SECRET", options.credential === "none" ? "" : (emulator.app().secrets[0]?.value ?? ""));
    vi.stubEnv("AZURE_CLIENT_CERTIFICATE_PATH", "");
    vi.stubEnv("AZURE_FEDERATED_TOKEN_FILE", "");
    vi.stubEnv("AZURE_AUTHORITY_HOST", emulator.url);
    vi.stubEnv("GRAPH_BASE_URL", emulator.url);
    vi.stubEnv("ARM_ENDPOINT", emulator.url);
    vi.stubEnv("TOKEN_ENCRYPTION_KEY", randomBytes(32).toString("base64"));
    vi.stubEnv("JIT_TARGETS", JSON.stringify([seedTarget]));
    vi.stubEnv("JIT_TARGETS_FILE", "");
    vi.stubEnv("AUDITOR_GROUP_ID", SEED.auditorGroup);
    vi.stubEnv("MAIL_SENDER", SEED.mailSender);
    vi.stubEnv("LOG_LEVEL", "error");
    resetEnvForTests();
    resetTargetsForTests();
  });
  afterAll(async () => {
    await emulator?.stop();
    vi.unstubAllEnvs();
    resetEnvForTests();
    resetTargetsForTests();
  });
  return () => {
    const emu = emulator;
    if (!emu) throw new Error("setupDoctorEnvironment(): only inside tests and hooks");
    return {
      emulator: emu,
      useTenant(fixture) {
        emu.loadFixture(fixture);
        // A new env object makes lib/entra/msal.ts build a new app client, so no token with the previous
        // tenant's permissions is served from MSAL's cache.
        resetEnvForTests();
        resetTargetsForTests();
      },
    };
  };
}
