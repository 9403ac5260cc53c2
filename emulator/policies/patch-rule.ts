/**
 * Applies a PATCH body (or a fixture override) to one stored rule. The body must name the rule's derived
 * type (Graph cannot deserialise an abstract unifiedRoleManagementPolicyRule), may only carry that type's
 * properties, and the merged result must pass the type's checks.
 */
import { ruleKind } from "./rule-catalogue";
import { deepMerge, isPlainObject } from "./deep-merge";
import { ruleODataTypes, type PolicyRule, type RuleId } from "./rule-types";
import { ruleProperties, validateRule, type DirectoryLookup, type RuleCheck } from "./validate-rule";

const envelope = ["@odata.type", "id", "target"];

function sameType(given: unknown, expected: string): boolean {
  return typeof given === "string" && given.replace(/^#/, "").toLowerCase() === expected.replace(/^#/, "").toLowerCase();
}

export function patchRule(
  existing: PolicyRule,
  body: unknown,
  lookup: DirectoryLookup,
  { requireODataType }: { requireODataType: boolean },
): RuleCheck {
  if (!isPlainObject(body)) return { ok: false, message: "The request body must be a JSON object." };
  const kind = ruleKind(existing.id as RuleId);
  const expectedType = ruleODataTypes[kind];
  if (body["@odata.type"] === undefined ? requireODataType : !sameType(body["@odata.type"], expectedType)) {
    return { ok: false, message: `The rule '${existing.id}' must be sent with "@odata.type": "${expectedType}".` };
  }
  if (body.id !== undefined && body.id !== existing.id) {
    return { ok: false, message: `The rule id ${JSON.stringify(body.id)} does not match '${existing.id}'.` };
  }
  if (body.target !== undefined && !isPlainObject(body.target)) {
    return { ok: false, message: "Property 'target' must be an object." };
  }
  const unknown = Object.keys(body).filter((k) => !envelope.includes(k) && !ruleProperties[kind].includes(k));
  if (unknown.length > 0) {
    return { ok: false, message: `Property '${unknown[0]}' does not exist on type '${expectedType.slice(1)}'.` };
  }
  const changes: Record<string, unknown> = {};
  for (const key of ruleProperties[kind]) if (key in body) changes[key] = body[key];
  // The target (caller, level) is what makes the rule id meaningful, so it is kept as stored.
  const merged = deepMerge(existing as unknown as Record<string, unknown>, changes);
  return validateRule(kind, merged, lookup);
}
