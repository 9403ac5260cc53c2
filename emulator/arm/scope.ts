/**
 * ARM scopes ("/", "/subscriptions/{s}", "…/resourceGroups/{rg}", "…/providers/{ns}/{type}/{name}") compared the
 * way ARM does: case-insensitively, on whole segments. Role assignments inherit downwards, so an assignment
 * applies to every scope at or below its own.
 */
import { ArmError } from "../core/types";
import type { ArmState } from "./state";

export function normaliseScope(scope: string): string {
  const collapsed = `/${scope}`.replace(/\/{2,}/g, "/").replace(/\/$/, "");
  return collapsed === "" ? "/" : collapsed;
}

/** True when `ancestor` is `scope` itself or one of its parents. */
export function isAtOrAbove(ancestor: string, scope: string): boolean {
  const a = normaliseScope(ancestor).toLowerCase();
  const s = normaliseScope(scope).toLowerCase();
  return a === "/" || a === s || s.startsWith(`${a}/`);
}

export function isBelow(descendant: string, scope: string): boolean {
  return isAtOrAbove(scope, descendant) && normaliseScope(descendant).toLowerCase() !== normaliseScope(scope).toLowerCase();
}

export interface ParsedScope {
  subscriptionId?: string;
  resourceGroup?: string;
  /** `{namespace}/{type}` of the top-level resource, e.g. "Microsoft.ContainerService/managedClusters". */
  resourceType?: string;
  resourceName?: string;
}

export function parseScope(scope: string): ParsedScope {
  const parts = normaliseScope(scope).split("/").filter(Boolean);
  const out: ParsedScope = {};
  if (parts[0]?.toLowerCase() !== "subscriptions") return out;
  out.subscriptionId = parts[1];
  if (parts[2]?.toLowerCase() !== "resourcegroups") return out;
  out.resourceGroup = parts[3];
  if (parts[4]?.toLowerCase() !== "providers" || !parts[5] || !parts[6]) return out;
  out.resourceType = `${parts[5]}/${parts[6]}`;
  out.resourceName = parts[7];
  return out;
}

/** 404s in ARM's words for a scope naming a subscription, resource group or cluster that does not exist. */
export function requireScopeExists(state: ArmState, scope: string): void {
  const p = parseScope(scope);
  if (p.subscriptionId === undefined) return;
  if (p.subscriptionId.toLowerCase() !== state.subscriptionId) {
    throw new ArmError(404, "SubscriptionNotFound", `The subscription '${p.subscriptionId}' could not be found.`);
  }
  if (p.resourceGroup === undefined) return;
  if (!state.resourceGroups.some((rg) => rg.name.toLowerCase() === p.resourceGroup?.toLowerCase())) {
    throw new ArmError(404, "ResourceGroupNotFound", `Resource group '${p.resourceGroup}' could not be found.`);
  }
  if (p.resourceType?.toLowerCase() !== "microsoft.containerservice/managedclusters" || p.resourceName === undefined) return;
  const exists = state.managedClusters.some(
    (c) => c.resourceGroup.toLowerCase() === p.resourceGroup?.toLowerCase() && c.name.toLowerCase() === p.resourceName?.toLowerCase(),
  );
  if (!exists) {
    throw new ArmError(
      404,
      "ResourceNotFound",
      `The Resource 'Microsoft.ContainerService/managedClusters/${p.resourceName}' under resource group '${p.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
}
