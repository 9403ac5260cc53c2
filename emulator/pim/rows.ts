/**
 * The PIM collections as rows: the rendered resource plus what routes need to scope, authorize and expand it.
 * Eligibility held by a group is also shown per transitive user member with memberType "Group" (nested PIM),
 * which is how a user in the `default` group sees that they may activate the `admin` group.
 */
import type { ExpandItem } from "../core/odata";
import type { Services } from "../core/types";
import { stableGuid } from "../policies/stable-guid";
import { creatorId } from "./created-by";
import { groupObject, principalObject, selected } from "./expand";
import { sameId } from "./graph-time";
import { PIM, type Family, type PimState, type Schedule, type ScheduleRequest } from "./model";
import { findSchedule, isInEffect } from "./queries";
import { renderInstance, renderRequest, renderSchedule } from "./render";

export interface Row {
  json: Record<string, unknown>;
  groupId: string;
  principalId: string;
  creatorId: string | undefined;
  /** Request rows: the request, so approver scoping can look at its approval. */
  request?: ScheduleRequest;
  expand(name: string, item: ExpandItem): unknown;
}

export type RowKind = "request" | "schedule" | "instance";

function baseExpand(services: Services, groupId: string, principalId: string) {
  return (name: string, item: ExpandItem): unknown => {
    if (name === "group") return groupObject(services.directory, groupId, item);
    if (name === "principal") return principalObject(services.directory, principalId, item);
    return undefined;
  };
}

function scheduleRow(services: Services, s: Schedule, kind: "schedule" | "instance"): Row {
  const state = services.slice<PimState>(PIM);
  const casing = services.options().enumCasing;
  const nowMs = services.clock.nowMs();
  const base = baseExpand(services, s.groupId, s.principalId);
  return {
    json: kind === "schedule" ? renderSchedule(s, casing, nowMs) : renderInstance(s, casing),
    groupId: s.groupId,
    principalId: s.principalId,
    creatorId: undefined,
    expand(name, item) {
      if (name !== "activatedUsing") return base(name, item);
      const eligibility = findSchedule(state, s.activatedUsing);
      if (!eligibility) return null;
      return selected(kind === "schedule" ? renderSchedule(eligibility, casing, nowMs) : renderInstance(eligibility, casing), item);
    },
  };
}

function requestRow(services: Services, r: ScheduleRequest): Row {
  const state = services.slice<PimState>(PIM);
  const casing = services.options().enumCasing;
  const nowMs = services.clock.nowMs();
  const base = baseExpand(services, r.groupId, r.principalId);
  return {
    json: renderRequest(r),
    groupId: r.groupId,
    principalId: r.principalId,
    creatorId: creatorId(r.createdBy),
    request: r,
    expand(name, item) {
      if (name === "targetSchedule") {
        const target = findSchedule(state, r.targetScheduleId);
        return target ? selected(renderSchedule(target, casing, nowMs), item) : null;
      }
      if (name === "activatedUsing") {
        const eligibility = findSchedule(state, r.activatedUsing);
        return eligibility ? selected(renderSchedule(eligibility, casing, nowMs), item) : null;
      }
      return base(name, item);
    },
  };
}

/** Per-user copies of an eligibility held by a group. */
function inheritedEligibilities(services: Services, schedules: Schedule[], userId: string): Schedule[] {
  const { directory } = services;
  return schedules
    .filter((s) => s.family === "eligibility" && directory.getGroup(s.principalId) !== undefined && directory.isTransitiveMember(s.principalId, userId))
    .map((s) => ({
      ...s,
      instanceId: `${s.groupId}_${s.accessId}_${stableGuid("inherited", s.id, userId.toLowerCase())}`,
      principalId: userId.toLowerCase(),
      memberType: "Group" as const,
    }));
}

/**
 * Rows of one collection. `principalId`, when the query names one, adds that user's inherited (memberType
 * "Group") eligibilities; an inherited instance gets its own id, an inherited schedule keeps the group's.
 */
export function rowsOf(services: Services, family: Family, kind: RowKind, principalId?: string): Row[] {
  const state = services.slice<PimState>(PIM);
  if (kind === "request") return state.requests.filter((r) => r.family === family).map((r) => requestRow(services, r));
  const nowMs = services.clock.nowMs();
  let schedules = state.schedules.filter((s) => s.family === family && (kind === "schedule" || isInEffect(s, nowMs)));
  if (family === "eligibility" && principalId) {
    schedules = [...schedules, ...inheritedEligibilities(services, schedules, principalId)];
  }
  return schedules.map((s) => scheduleRow(services, s, kind));
}

export function isOwnRow(row: Row, userId: string): boolean {
  return sameId(row.principalId, userId);
}
