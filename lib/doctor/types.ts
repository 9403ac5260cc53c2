/**
 * The setup check ("doctor"): one check per file under checks/, each answering pass / warn / fail with what it
 * saw and the exact remedy. Checks read with the app's own credentials only (app-only Graph, ARM Reader), so a
 * passing report says the deployment works as configured, not merely that an administrator could make it work.
 */
import type { Target } from "@/lib/targets";
import type { DoctorContext } from "./context";

export type CheckStatus = "pass" | "warn" | "fail";

export interface CheckOutcome {
  status: CheckStatus;
  /** What was found, in sentences an administrator can act on. */
  detail: string;
  /** The exact remedy (az command with the real ids, or a portal path); null when nothing needs doing. */
  fix: string | null;
}

export interface CheckResult extends CheckOutcome {
  /** Stable id, e.g. "approval-required". */
  id: string;
  title: string;
  /** The elevation target the check ran for; absent for checks of the app as a whole. */
  target?: { id: string; displayName: string };
}

/** A check of the app registration / tenant as a whole. */
export interface AppCheck {
  id: string;
  title: string;
  scope: "app";
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}

/** A check run once per configured target (PIM group, approver group, cluster). */
export interface TargetCheck {
  id: string;
  title: string;
  scope: "target";
  run(ctx: DoctorContext, target: Target): Promise<CheckOutcome>;
}

export type Check = AppCheck | TargetCheck;

export interface DoctorReport {
  generatedAt: string;
  tenantId: string;
  clientId: string;
  results: CheckResult[];
  summary: Record<CheckStatus, number>;
  /** True when no check failed (warnings allowed). */
  isHealthy: boolean;
}

export const pass = (detail: string): CheckOutcome => ({ status: "pass", detail, fix: null });
export const warn = (detail: string, fix: string): CheckOutcome => ({ status: "warn", detail, fix });
export const fail = (detail: string, fix: string): CheckOutcome => ({ status: "fail", detail, fix });
