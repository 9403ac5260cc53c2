import { describe, expect, it } from "vitest";
import { defaultEmulatorOptions, type DirectoryService } from "../core/types";
import { createApproval } from "./approvals";
import { graphTime } from "./graph-time";
import type { PimState, Schedule, ScheduleRequest } from "./model";
import { tickPim } from "./tick";

const G = "9a8b7c6d-0000-4000-8000-00000000b001";
const U = "5e4d3c2b-0000-4000-8000-00000000c001";
const T0 = Date.parse("2026-03-04T10:00:00Z");
const HOUR = 3_600_000;

function fakeDirectory() {
  const members = new Set<string>();
  const directory = {
    getGroup: (g: string) => (g === G ? { id: G } : undefined),
    addMember: (g: string, o: string) => void members.add(`${g}/${o}`),
    removeMember: (g: string, o: string) => void members.delete(`${g}/${o}`),
  } as unknown as DirectoryService;
  return { directory, isMember: (o = U) => members.has(`${G}/${o}`) };
}

function assignment(id: string, startMs: number, endMs: number | null): Schedule {
  return {
    family: "assignment",
    id,
    instanceId: `${id}-i`,
    groupId: G,
    accessId: "member",
    principalId: U,
    memberType: "Direct",
    assignmentType: "Activated",
    startDateTime: graphTime(startMs),
    endDateTime: endMs === null ? null : graphTime(endMs),
    expiration: { type: "afterDuration", duration: "PT1H", endDateTime: null },
    createdUsing: id,
    createdDateTime: graphTime(startMs),
    modifiedDateTime: null,
    activatedUsing: null,
    isMembershipApplied: false,
  };
}

function request(id: string, status: ScheduleRequest["status"], targetScheduleId: string | null = null): ScheduleRequest {
  return {
    family: "assignment",
    id,
    status,
    createdDateTime: graphTime(T0),
    completedDateTime: null,
    approvalId: id,
    customData: null,
    createdBy: { user: { id: U, displayName: null } },
    action: "selfActivate",
    isValidationOnly: false,
    justification: "x",
    scheduleInfo: { startDateTime: graphTime(T0), recurrence: null, expiration: { type: "afterDuration", duration: "PT1H", endDateTime: null } },
    ticketInfo: { ticketNumber: null, ticketSystem: null },
    principalId: U,
    accessId: "member",
    groupId: G,
    targetScheduleId,
    activatedUsing: null,
  };
}

function state(over: Partial<PimState> = {}): PimState {
  return { requests: [], schedules: [], approvals: [], directoryRoles: {}, applicationNames: {}, ...over };
}

describe("tickPim", () => {
  it("adds the membership when an assignment starts and removes it at its end", () => {
    const { directory, isMember } = fakeDirectory();
    const s = state({ schedules: [assignment("a", T0 + HOUR, T0 + 2 * HOUR)] });
    expect(tickPim(s, directory, T0, defaultEmulatorOptions)).toBe(false);
    expect(isMember()).toBe(false);
    tickPim(s, directory, T0 + HOUR, defaultEmulatorOptions);
    expect(isMember()).toBe(true);
    tickPim(s, directory, T0 + 2 * HOUR, defaultEmulatorOptions);
    expect(isMember()).toBe(false);
    expect(s.schedules).toEqual([]);
  });

  it("keeps the membership while another assignment still holds it", () => {
    const { directory, isMember } = fakeDirectory();
    const s = state({ schedules: [assignment("short", T0, T0 + HOUR), assignment("long", T0, null)] });
    tickPim(s, directory, T0, defaultEmulatorOptions);
    tickPim(s, directory, T0 + HOUR, defaultEmulatorOptions);
    expect(s.schedules.map((x) => x.id)).toEqual(["long"]);
    expect(isMember()).toBe(true);
  });

  it("turns a Granted request into Provisioned when its schedule starts", () => {
    const { directory } = fakeDirectory();
    const s = state({ schedules: [assignment("a", T0 + HOUR, null)], requests: [request("r", "Granted", "a")] });
    tickPim(s, directory, T0 + HOUR - 1, defaultEmulatorOptions);
    expect(s.requests[0]?.status).toBe("Granted");
    tickPim(s, directory, T0 + HOUR, defaultEmulatorOptions);
    expect(s.requests[0]).toMatchObject({ status: "Provisioned", completedDateTime: graphTime(T0 + HOUR) });
  });

  it("times out an undecided approval after exactly 24 hours with the configured status", () => {
    const { directory } = fakeDirectory();
    const approval = createApproval({ requestId: "r", requesterId: U, groupId: G, accessId: "member", nowMs: T0, stages: [{ approvalStageTimeOutInDays: 1, isApproverJustificationRequired: true, escalationTimeInMinutes: 0, isEscalationEnabled: false, primaryApprovers: [], escalationApprovers: [] }] });
    const s = state({ requests: [request("r", "PendingApproval")], approvals: [approval] });
    tickPim(s, directory, T0 + 24 * HOUR - 1, defaultEmulatorOptions);
    expect(s.requests[0]?.status).toBe("PendingApproval");
    tickPim(s, directory, T0 + 24 * HOUR, { ...defaultEmulatorOptions, approvalTimeoutStatus: "TimedOut" });
    expect(s.requests[0]?.status).toBe("TimedOut");
    expect(s.approvals[0]?.stages[0]?.status).toBe("Expired");
  });
});
