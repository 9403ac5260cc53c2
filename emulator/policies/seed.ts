/**
 * Builds the policies slice from the fixture: every group named in `pim.eligibilities`, `pim.assignments` or
 * `policies[]` gets the default member and owner policies, then each `policies[]` entry deep-merges its rule
 * overrides (validated like a PATCH, so a broken fixture fails loudly at load time).
 */
import type { TenantFixture } from "../core/types";
import { isPlainObject } from "./deep-merge";
import { isRuleId } from "./rule-catalogue";
import { patchRule } from "./patch-rule";
import { accessIds, findPolicy, onboardGroup, type PoliciesState } from "./state";
import type { AccessId } from "./rule-types";
import type { DirectoryLookup } from "./validate-rule";

function groupIdsIn(section: unknown): string[] {
  if (!Array.isArray(section)) return [];
  return section.flatMap((entry) => (isPlainObject(entry) && typeof entry.groupId === "string" ? [entry.groupId] : []));
}

function fixtureLookup(fixture: TenantFixture): DirectoryLookup {
  return (kind, id) => {
    const list: { id: string; displayName: string }[] = kind === "user" ? fixture.users : fixture.groups;
    return list.find((o) => o.id.toLowerCase() === id.toLowerCase())?.displayName;
  };
}

export function seedPolicies(fixture: TenantFixture): PoliciesState {
  const state: PoliciesState = { policies: [], directoryRoles: fixture.directoryRoles ?? {} };
  const pim = isPlainObject(fixture.pim) ? fixture.pim : {};
  const overrides = fixture.policies === undefined ? [] : fixture.policies;
  if (!Array.isArray(overrides)) throw new Error("fixture.policies must be an array");
  for (const groupId of [...groupIdsIn(pim.eligibilities), ...groupIdsIn(pim.assignments), ...groupIdsIn(overrides)]) {
    onboardGroup(state, groupId);
  }
  const lookup = fixtureLookup(fixture);
  overrides.forEach((entry, index) => {
    const where = `fixture.policies[${index}]`;
    if (!isPlainObject(entry) || typeof entry.groupId !== "string") throw new Error(`${where} needs a groupId`);
    const accessId = (entry.accessId ?? "member") as AccessId;
    if (!accessIds.includes(accessId)) throw new Error(`${where}.accessId must be member or owner`);
    const policy = findPolicy(state, entry.groupId, accessId);
    const rules = entry.rules ?? {};
    if (!policy || !isPlainObject(rules)) throw new Error(`${where}.rules must be an object keyed by rule id`);
    for (const [ruleId, override] of Object.entries(rules)) {
      if (!isRuleId(ruleId)) throw new Error(`${where}: unknown rule id ${ruleId}`);
      const index = policy.rules.findIndex((r) => r.id === ruleId);
      const current = policy.rules[index];
      if (!current) throw new Error(`${where}: rule ${ruleId} missing`);
      const result = patchRule(current, override, lookup, { requireODataType: false });
      if (!result.ok) throw new Error(`${where}.rules.${ruleId}: ${result.message}`);
      policy.rules[index] = result.rule;
    }
  });
  return state;
}
