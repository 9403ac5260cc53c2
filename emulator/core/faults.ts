/**
 * Injected failures for resilience tests: throttling (429 + Retry-After), outages (503) and slow
 * responses, per method and path. They never apply to `/_emulator` so tests can always clean up.
 */
import { z } from "zod";

export const faultRuleSchema = z.object({
  method: z.string().min(1).optional(),
  path: z.string().min(1).refine(isValidRegex, { message: "must be a valid regular expression" }),
  kind: z.enum(["429", "503", "latency"]),
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  count: z.number().int().min(1).optional(),
  percent: z.number().min(0).max(100).optional(),
});

export type FaultRule = z.infer<typeof faultRuleSchema>;

export interface ActiveFault extends FaultRule {
  id: string;
  /** How many times it has fired. */
  hits: number;
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): ActiveFault {
    const active: ActiveFault = { ...rule, id: String(this.nextId++), hits: 0 };
    this.rules.push(active);
    return active;
  }

  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule that fires for this request (consuming one of its `count`), if any. */
  take(method: string, path: string): ActiveFault | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!new RegExp(rule.path).test(path)) continue;
      if (rule.percent !== undefined && this.random() * 100 >= rule.percent) continue;
      rule.hits += 1;
      if (rule.count !== undefined && rule.hits >= rule.count) this.rules = this.rules.filter((r) => r !== rule);
      return { ...rule };
    }
    return undefined;
  }
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
