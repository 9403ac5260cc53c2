/**
 * What other modules (PIM) read: the current rules of a group's member or owner policy. Undefined means the
 * group was never onboarded to PIM, which PIM treats as "nothing can be requested" rather than as defaults.
 */
import type { Services } from "../core/types";
import { defaultRules } from "./rule-catalogue";
import { findPolicy, onboardGroup, POLICIES, rulesById, type PoliciesState } from "./state";
import type { AccessId, RulesById } from "./rule-types";

export function effectiveRules(services: Pick<Services, "slice">, groupId: string, accessId: AccessId): RulesById | undefined {
  const policy = findPolicy(services.slice<PoliciesState>(POLICIES), groupId, accessId);
  return policy ? rulesById(policy) : undefined;
}

/** PIM calls this when it creates the first schedule for a group (implicit onboarding, §3.1). */
export function ensureGroupOnboarded(services: Pick<Services, "slice" | "changed">, groupId: string): void {
  if (onboardGroup(services.slice<PoliciesState>(POLICIES), groupId)) services.changed();
}

/** The rules a group would get on onboarding (for validation-only admin requests on a group not yet onboarded). */
export function defaultRulesById(): RulesById {
  return Object.fromEntries(defaultRules().map((rule) => [rule.id, rule])) as unknown as RulesById;
}
