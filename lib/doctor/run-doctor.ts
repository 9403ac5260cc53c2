/**
 * Runs every check (app checks once, target checks per configured target) and collects one report. A check that
 * throws fails with the reason and the remedy (lib/doctor/failure.ts); one broken check never hides the others.
 */
import type { Target } from "@/lib/targets";
import { CHECKS } from "./checks";
import { createDoctorContext, type DoctorContext, type DoctorOptions } from "./context";
import { outcomeForError } from "./failure";
import type { Check, CheckResult, CheckStatus, DoctorReport } from "./types";

async function runOne(check: Check, ctx: DoctorContext, target?: Target): Promise<CheckResult> {
  const base = { id: check.id, title: check.title, ...(target ? { target: { id: target.id, displayName: target.displayName } } : {}) };
  try {
    const outcome = check.scope === "app" ? await check.run(ctx) : target ? await check.run(ctx, target) : undefined;
    if (!outcome) throw new Error(`check ${check.id} needs a target`);
    return { ...base, ...outcome };
  } catch (e) {
    return { ...base, ...outcomeForError(e, ctx, target) };
  }
}

export async function runDoctor(options: DoctorOptions & { checks?: readonly Check[]; now?: () => Date } = {}): Promise<DoctorReport> {
  const ctx = createDoctorContext(options);
  const checks = options.checks ?? CHECKS;
  const runs: Promise<CheckResult>[] = [];
  for (const check of checks) if (check.scope === "app") runs.push(runOne(check, ctx));
  for (const target of ctx.targets) for (const check of checks) if (check.scope === "target") runs.push(runOne(check, ctx, target));
  const results = await Promise.all(runs);
  const summary: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0 };
  for (const r of results) summary[r.status] += 1;
  return {
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    tenantId: ctx.tenantId,
    clientId: ctx.clientId,
    results,
    summary,
    isHealthy: summary.fail === 0,
  };
}
