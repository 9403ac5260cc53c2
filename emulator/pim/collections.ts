/** The six PIM-for-Groups collections and what each one accepts (entra-graph-api.md §3.2, §3.5, §8.1). */
import type { Family } from "./model";
import type { RowKind } from "./rows";

export const PIM_BASE = "/v1.0/identityGovernance/privilegedAccess/group";

export interface CollectionSpec {
  segment: string;
  family: Family;
  kind: RowKind;
  /** OData type name without the namespace prefix. */
  entityType: string;
  readScope: string;
  onValues: readonly string[];
  expandable: readonly string[];
  filterable: readonly string[];
}

const requestFilterable = ["id", "principalId", "status", "targetScheduleId", "createdBy", "createdBy/user/id", "createdBy/application/id", "groupId", "accessId", "action", "approvalId"];
const scheduleFilterable = ["id", "principalId", "groupId", "accessId", "memberType", "assignmentType", "status", "createdUsing"];
const instanceFilterable = ["id", "principalId", "groupId", "accessId", "memberType", "assignmentType", "assignmentScheduleId", "eligibilityScheduleId"];

const eligibilityRead = "PrivilegedEligibilitySchedule.Read.AzureADGroup";
const assignmentRead = "PrivilegedAssignmentSchedule.Read.AzureADGroup";

export const collections: readonly CollectionSpec[] = [
  {
    segment: "eligibilityScheduleInstances",
    family: "eligibility",
    kind: "instance",
    entityType: "privilegedAccessGroupEligibilityScheduleInstance",
    readScope: eligibilityRead,
    onValues: ["principal"],
    expandable: ["group", "principal"],
    filterable: instanceFilterable,
  },
  {
    segment: "eligibilitySchedules",
    family: "eligibility",
    kind: "schedule",
    entityType: "privilegedAccessGroupEligibilitySchedule",
    readScope: eligibilityRead,
    onValues: ["principal"],
    expandable: ["group", "principal"],
    filterable: scheduleFilterable,
  },
  {
    segment: "eligibilityScheduleRequests",
    family: "eligibility",
    kind: "request",
    entityType: "privilegedAccessGroupEligibilityScheduleRequest",
    readScope: eligibilityRead,
    onValues: ["principal", "createdBy", "approver"],
    expandable: ["group", "principal", "targetSchedule"],
    filterable: requestFilterable,
  },
  {
    segment: "assignmentScheduleInstances",
    family: "assignment",
    kind: "instance",
    entityType: "privilegedAccessGroupAssignmentScheduleInstance",
    readScope: assignmentRead,
    onValues: ["principal"],
    expandable: ["activatedUsing", "group", "principal"],
    filterable: instanceFilterable,
  },
  {
    segment: "assignmentSchedules",
    family: "assignment",
    kind: "schedule",
    entityType: "privilegedAccessGroupAssignmentSchedule",
    readScope: assignmentRead,
    onValues: ["principal"],
    expandable: ["activatedUsing", "group", "principal"],
    filterable: scheduleFilterable,
  },
  {
    segment: "assignmentScheduleRequests",
    family: "assignment",
    kind: "request",
    entityType: "privilegedAccessGroupAssignmentScheduleRequest",
    readScope: assignmentRead,
    onValues: ["principal", "createdBy", "approver"],
    expandable: ["activatedUsing", "group", "principal", "targetSchedule"],
    filterable: requestFilterable,
  },
];
