/**
 * Graph routes for PIM-for-Groups policies (§6.1): the policy assignments and policies of a group (a `$filter`
 * on scopeId and scopeType is required), one policy, its rules, and PATCH of one rule.
 */
import { collection, contextUrl, findExpand, parseODataQuery, requiredEqualities, selectProperties, type ODataQuery } from "../core/odata";
import { GraphError, type Ctx, type HttpResult, type Router, type Services } from "../core/types";
import { graphTime } from "../pim/graph-time";
import { READ_SCOPE, requireGroupRead, requireGroupWrite, requirePolicyScope, WRITE_SCOPE } from "./access";
import { patchRule } from "./patch-rule";
import { renderPolicy, renderPolicyAssignment, renderRule } from "./render";
import { findPolicyById, POLICIES, type PoliciesState, type StoredPolicy } from "./state";
import type { DirectoryLookup } from "./validate-rule";

const BASE = "/v1.0/policies";
const FILTERABLE = ["scopeId", "scopeType", "roleDefinitionId", "policyId", "id", "isOrganizationDefault"];

function state(ctx: Ctx): PoliciesState {
  return ctx.services.slice<PoliciesState>(POLICIES);
}

function query(ctx: Ctx, expandable: string[], entityType: string): ODataQuery {
  return parseODataQuery(ctx.url, { style: "pim", filterable: FILTERABLE, expandable, entityType });
}

/** Both list endpoints insist on `scopeId eq '…' and scopeType eq 'Group'`. */
function scopedGroupId(q: ODataQuery): string {
  const eq = requiredEqualities(q.filter);
  const scopeId = eq.get("scopeid");
  const scopeType = eq.get("scopetype");
  if (typeof scopeId !== "string" || typeof scopeType !== "string") {
    throw new GraphError(400, "BadRequest", "A $filter on scopeId and scopeType is required, e.g. scopeId eq '{groupId}' and scopeType eq 'Group'.");
  }
  if (scopeType.toLowerCase() !== "group") throw new GraphError(400, "BadRequest", `scopeType '${scopeType}' is not supported; use 'Group'.`);
  return scopeId;
}

function policyJson(policy: StoredPolicy, q: Pick<ODataQuery, "expand">): Record<string, unknown> {
  const json = renderPolicy(policy);
  const rules = findExpand(q.expand, "rules") ?? findExpand(q.expand, "effectiveRules");
  return rules ? { ...json, [rules.name]: policy.rules.map(renderRule) } : json;
}

function assignmentJson(policy: StoredPolicy, q: ODataQuery): Record<string, unknown> {
  const json = renderPolicyAssignment(policy);
  const policyExpand = findExpand(q.expand, "policy");
  if (!policyExpand) return json;
  const nested = policyJson(policy, { expand: policyExpand.expand });
  return { ...json, policy: selectProperties(nested, policyExpand.select) };
}

function policyFor(ctx: Ctx, scope: string): StoredPolicy {
  const caller = ctx.caller();
  requirePolicyScope(caller, scope);
  const policy = findPolicyById(state(ctx), ctx.params.id ?? "");
  if (!policy) throw new GraphError(404, "ResourceNotFound", `The policy '${ctx.params.id ?? ""}' was not found.`);
  if (scope === READ_SCOPE) requireGroupRead(ctx.services, caller, policy.groupId);
  else requireGroupWrite(ctx.services, caller, policy.groupId);
  return policy;
}

function ruleOf(policy: StoredPolicy, ruleId: string) {
  const index = policy.rules.findIndex((r) => r.id.toLowerCase() === ruleId.toLowerCase());
  if (index < 0) throw new GraphError(404, "ResourceNotFound", `The rule '${ruleId}' was not found in policy '${policy.id}'.`);
  return { index, rule: policy.rules[index]! };
}

function directoryLookup(services: Services): DirectoryLookup {
  return (kind, id) => (kind === "user" ? services.directory.getUser(id)?.displayName : services.directory.getGroup(id)?.displayName);
}

function listPolicies(ctx: Ctx, kind: "assignments" | "policies"): HttpResult {
  const caller = ctx.caller();
  requirePolicyScope(caller, READ_SCOPE);
  const q = kind === "assignments" ? query(ctx, ["policy"], "microsoft.graph.unifiedRoleManagementPolicyAssignment") : query(ctx, ["rules", "effectiveRules"], "microsoft.graph.unifiedRoleManagementPolicy");
  const groupId = scopedGroupId(q);
  requireGroupRead(ctx.services, caller, groupId);
  const policies = state(ctx).policies.filter((p) => p.groupId.toLowerCase() === groupId.toLowerCase());
  const rows = policies.map((p) => (kind === "assignments" ? assignmentJson(p, q) : policyJson(p, q)));
  const entitySet = kind === "assignments" ? "policies/roleManagementPolicyAssignments" : "policies/roleManagementPolicies";
  return { status: 200, json: collection(rows, q, { request: ctx, entitySet, pageSize: 100 }) };
}

export function registerPolicyRoutes(router: Router): void {
  router.add("graph", "GET", `${BASE}/roleManagementPolicyAssignments`, (ctx) => listPolicies(ctx, "assignments"));
  router.add("graph", "GET", `${BASE}/roleManagementPolicies`, (ctx) => listPolicies(ctx, "policies"));

  router.add("graph", "GET", `${BASE}/roleManagementPolicyAssignments/:id`, (ctx) => {
    const caller = ctx.caller();
    requirePolicyScope(caller, READ_SCOPE);
    const q = query(ctx, ["policy"], "microsoft.graph.unifiedRoleManagementPolicyAssignment");
    const policy = state(ctx).policies.find((p) => p.assignmentId.toLowerCase() === (ctx.params.id ?? "").toLowerCase());
    if (!policy) throw new GraphError(404, "ResourceNotFound", `The policy assignment '${ctx.params.id ?? ""}' was not found.`);
    requireGroupRead(ctx.services, caller, policy.groupId);
    const context = contextUrl(ctx, "policies/roleManagementPolicyAssignments", q.select, true);
    return { status: 200, json: { "@odata.context": context, ...selectProperties(assignmentJson(policy, q), q.select) } };
  });

  router.add("graph", "GET", `${BASE}/roleManagementPolicies/:id`, (ctx) => {
    const policy = policyFor(ctx, READ_SCOPE);
    const q = query(ctx, ["rules", "effectiveRules"], "microsoft.graph.unifiedRoleManagementPolicy");
    const context = contextUrl(ctx, "policies/roleManagementPolicies", q.select, true);
    return { status: 200, json: { "@odata.context": context, ...selectProperties(policyJson(policy, q), q.select) } };
  });

  for (const segment of ["rules", "effectiveRules"]) {
    router.add("graph", "GET", `${BASE}/roleManagementPolicies/:id/${segment}`, (ctx) => {
      const policy = policyFor(ctx, READ_SCOPE);
      const context = contextUrl(ctx, `policies/roleManagementPolicies('${policy.id}')/${segment}`);
      return { status: 200, json: { "@odata.context": context, value: policy.rules.map(renderRule) } };
    });
    router.add("graph", "GET", `${BASE}/roleManagementPolicies/:id/${segment}/:ruleId`, (ctx) => {
      const policy = policyFor(ctx, READ_SCOPE);
      const { rule } = ruleOf(policy, ctx.params.ruleId ?? "");
      const context = contextUrl(ctx, `policies/roleManagementPolicies('${policy.id}')/${segment}`, undefined, true);
      return { status: 200, json: { "@odata.context": context, ...renderRule(rule) } };
    });
  }

  router.add("graph", "PATCH", `${BASE}/roleManagementPolicies/:id/rules/:ruleId`, async (ctx) => {
    const policy = policyFor(ctx, WRITE_SCOPE);
    const { index, rule } = ruleOf(policy, ctx.params.ruleId ?? "");
    const result = patchRule(rule, await ctx.json(), directoryLookup(ctx.services), { requireODataType: true });
    if (!result.ok) throw new GraphError(400, "BadRequest", result.message);
    policy.rules[index] = result.rule;
    const caller = ctx.caller();
    policy.lastModifiedDateTime = graphTime(ctx.services.clock.nowMs());
    policy.lastModifiedBy = {
      id: caller.kind === "user" ? caller.objectId : caller.appId,
      displayName: caller.kind === "user" ? (ctx.services.directory.getUser(caller.objectId)?.displayName ?? null) : null,
    };
    ctx.services.changed();
    return { status: 204 };
  });
}
