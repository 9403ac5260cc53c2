/**
 * POST routes that change PIM state: create assignment/eligibility schedule requests (201 with the request,
 * §3.5) and cancel pending ones (204). Step 1 of §4.10 — the permission scope — happens here, before the body
 * is read.
 */
import { contextUrl } from "../core/odata";
import { hasPermission, requirePermission } from "../core/permissions";
import type { Caller, Ctx, HttpResult, Router } from "../core/types";
import { cancelRequest } from "./cancel-request";
import { PIM_BASE } from "./collections";
import type { Family, ScheduleRequest } from "./model";
import { renderRequest } from "./render";
import { submitAssignmentRequest } from "./submit-assignment-request";
import { submitEligibilityRequest } from "./submit-eligibility-request";

const scopes: Record<Family, { write: string; remove: string }> = {
  assignment: { write: "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", remove: "PrivilegedAssignmentSchedule.Remove.AzureADGroup" },
  eligibility: { write: "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup", remove: "PrivilegedEligibilitySchedule.Remove.AzureADGroup" },
};

/** Step 1 of §4.10: the write permission, or its remove-only variant (enough for adminRemove alone). */
function requireAnyWrite(caller: Caller, family: Family): void {
  const { write, remove } = scopes[family];
  requirePermission(caller, { delegated: [write, remove], application: [write, remove], style: "pim" });
}

/** Once the body is known: anything but adminRemove needs the full write permission. */
function requireWriteFor(caller: Caller, family: Family, body: unknown): void {
  const { write } = scopes[family];
  const action = typeof body === "object" && body !== null ? (body as { action?: unknown }).action : undefined;
  const isRemove = typeof action === "string" && action.toLowerCase() === "adminremove";
  if (!isRemove && !hasPermission(caller, { delegated: [write], application: [write] })) {
    requirePermission(caller, { delegated: [write], application: [write], style: "pim" });
  }
}

function created(ctx: Ctx, family: Family, request: ScheduleRequest): HttpResult {
  const entitySet = `identityGovernance/privilegedAccess/group/${family}ScheduleRequests`;
  return { status: 201, json: { "@odata.context": contextUrl(ctx, entitySet, undefined, true), ...renderRequest(request) } };
}

export function registerRequestRoutes(router: Router): void {
  router.add("graph", "POST", `${PIM_BASE}/assignmentScheduleRequests`, async (ctx) => {
    const caller = ctx.caller();
    requireAnyWrite(caller, "assignment");
    const body = await ctx.json();
    requireWriteFor(caller, "assignment", body);
    return created(ctx, "assignment", submitAssignmentRequest(ctx.services, caller, body));
  });

  router.add("graph", "POST", `${PIM_BASE}/eligibilityScheduleRequests`, async (ctx) => {
    const caller = ctx.caller();
    requireAnyWrite(caller, "eligibility");
    const body = await ctx.json();
    requireWriteFor(caller, "eligibility", body);
    return created(ctx, "eligibility", submitEligibilityRequest(ctx.services, caller, body));
  });

  for (const family of ["assignment", "eligibility"] as const) {
    router.add("graph", "POST", `${PIM_BASE}/${family}ScheduleRequests/:id/cancel`, (ctx) => {
      const caller = ctx.caller();
      requirePermission(caller, { delegated: [scopes[family].write], application: [scopes[family].write], style: "pim" });
      cancelRequest(ctx.services, caller, family, ctx.params.id ?? "");
      return { status: 204 };
    });
  }
}
