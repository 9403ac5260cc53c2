/**
 * Builds the PIM slice from the fixture's `pim` section: standing eligibilities (the principal may be a group,
 * whose members then inherit it) and active assignments. Assignment memberships are applied on the first
 * tick, once the directory is seeded too.
 */
import { z } from "zod";
import type { TenantFixture } from "../core/types";
import { stableGuid } from "../policies/stable-guid";
import { graphTime } from "./graph-time";
import type { Expiration, PimState, Schedule } from "./model";
import { scheduleIdFor } from "./schedules";

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");
const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO date-time");

const entry = z.object({
  groupId: guid,
  accessId: z.enum(["member", "owner"]).default("member"),
  principalId: guid,
  startDateTime: dateTime.nullish(),
  endDateTime: dateTime.nullish(),
});

const pimSection = z
  .object({
    eligibilities: z.array(entry).default([]),
    assignments: z.array(entry.extend({ assignmentType: z.enum(["Assigned", "Activated"]).default("Assigned") })).default([]),
  })
  .default({ eligibilities: [], assignments: [] });

function expirationOf(end: string | null): Expiration {
  return end === null ? { type: "noExpiration", endDateTime: null, duration: null } : { type: "afterDateTime", endDateTime: end, duration: null };
}

function scheduleFrom(family: Schedule["family"], e: z.infer<typeof entry>, index: number, seededAt: string): Schedule {
  const guidPart = stableGuid("pim-seed", family, String(index), e.groupId, e.principalId);
  const id = scheduleIdFor(e.groupId.toLowerCase(), e.accessId, guidPart);
  const start = e.startDateTime ? graphTime(Date.parse(e.startDateTime)) : seededAt;
  const end = e.endDateTime ? graphTime(Date.parse(e.endDateTime)) : null;
  return {
    family,
    id,
    // Eligibility instances share their schedule's id in Microsoft's samples; assignment instances do not.
    instanceId: family === "eligibility" ? id : scheduleIdFor(e.groupId.toLowerCase(), e.accessId, stableGuid("instance", guidPart)),
    groupId: e.groupId.toLowerCase(),
    accessId: e.accessId,
    principalId: e.principalId.toLowerCase(),
    memberType: "Direct",
    assignmentType: family === "assignment" ? "Assigned" : null,
    startDateTime: start,
    endDateTime: end,
    expiration: expirationOf(end),
    createdUsing: guidPart,
    createdDateTime: start,
    modifiedDateTime: null,
    activatedUsing: null,
    isMembershipApplied: false,
  };
}

export function seedPim(fixture: TenantFixture, nowMs: number): PimState {
  const parsed = pimSection.safeParse(fixture.pim ?? undefined);
  if (!parsed.success) throw new Error(`Invalid fixture.pim:\n${z.prettifyError(parsed.error)}`);
  const known = new Set([...fixture.users, ...fixture.groups].map((o) => o.id.toLowerCase()));
  const groups = new Set(fixture.groups.map((g) => g.id.toLowerCase()));
  for (const [section, list] of Object.entries(parsed.data)) {
    list.forEach((e, i) => {
      if (!groups.has(e.groupId.toLowerCase())) throw new Error(`fixture.pim.${section}[${i}].groupId ${e.groupId} is not a group of the fixture`);
      if (!known.has(e.principalId.toLowerCase())) throw new Error(`fixture.pim.${section}[${i}].principalId ${e.principalId} is not a user or group of the fixture`);
    });
  }
  const seededAt = graphTime(nowMs);
  const schedules = [
    ...parsed.data.eligibilities.map((e, i) => scheduleFrom("eligibility", e, i, seededAt)),
    ...parsed.data.assignments.map((a, i) => ({ ...scheduleFrom("assignment", a, i, seededAt), assignmentType: a.assignmentType })),
  ];
  return {
    requests: [],
    schedules,
    approvals: [],
    directoryRoles: fixture.directoryRoles ?? {},
    applicationNames: Object.fromEntries(fixture.applications.map((a) => [a.appId, a.displayName])),
  };
}
