/**
 * The Microsoft Graph application permissions the app needs, in one place (entra-graph-api.md §8). App-only
 * tokens carry the consented permissions by name in `roles`; ids are the Graph app-role ids `az ad app permission
 * add` wants. Broader permissions that include a narrower one satisfy it, as Graph does.
 *
 * Deliberately absent: anything that writes PIM assignments, policies or group membership. PIM stays the
 * enforcement point (docs/decisions/0001): the app must not hold power to put anyone into the admin group.
 */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface GraphPermission {
  name: string;
  /** Application permission (app role) id on Microsoft Graph. */
  id: string;
  usedFor: string;
  /** Broader permissions that include this one. */
  satisfiedBy: readonly string[];
  /** Missing → warning instead of failure (a feature degrades, nothing breaks). */
  isOptional?: boolean;
}

export const REQUIRED_GRAPH_APP_PERMISSIONS: readonly GraphPermission[] = [
  {
    name: "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    id: "edb419d6-7edc-42a3-9345-509bfdf5d87c",
    usedFor: "reading who is eligible for the PIM group (setup check)",
    satisfiedBy: ["PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup", "PrivilegedAccess.Read.AzureADGroup", "PrivilegedAccess.ReadWrite.AzureADGroup"],
  },
  {
    name: "PrivilegedAssignmentSchedule.Read.AzureADGroup",
    id: "cd4161cb-f098-48f8-a884-1eda9a42434c",
    usedFor: "following activation requests and active memberships",
    satisfiedBy: ["PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", "PrivilegedAccess.Read.AzureADGroup", "PrivilegedAccess.ReadWrite.AzureADGroup"],
  },
  {
    name: "RoleManagementPolicy.Read.AzureADGroup",
    id: "69e67828-780e-47fd-b28c-7b27d14864e6",
    usedFor: "reading the PIM group's activation policy (limits, approvers)",
    satisfiedBy: ["RoleManagementPolicy.ReadWrite.AzureADGroup"],
  },
  {
    name: "GroupMember.Read.All",
    id: "98830695-27a2-44f7-8c18-0c3ebc9698f6",
    usedFor: "listing approver-group members and checking membership",
    satisfiedBy: ["GroupMember.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  },
  {
    name: "User.Read.All",
    id: "df021288-bdef-4463-88db-98f22de89214",
    usedFor: "checkMemberGroups for live approver and auditor checks",
    satisfiedBy: ["User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  },
  {
    name: "Mail.Send",
    id: "b633e1c5-b582-4048-a93e-9f11b44c7e96",
    usedFor: "sending approval emails from the service mailbox",
    satisfiedBy: [],
  },
  {
    name: "User.RevokeSessions.All",
    id: "77f3a031-c388-4f99-b373-dc68676a979e",
    usedFor: "optional sign-in session revocation when an elevation ends",
    satisfiedBy: ["User.ReadWrite.All", "Directory.ReadWrite.All"],
    isOptional: true,
  },
];

/** Application permissions that would let the app grant elevation itself. Ids where §8 lists them. */
export const MEMBERSHIP_WRITING_PERMISSIONS: readonly { name: string; id?: string }[] = [
  { name: "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", id: "41202f2c-f7ab-45be-b001-85c9728b9d69" },
  { name: "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup", id: "618b6020-bca8-4de6-99f6-ef445fa4d857" },
  { name: "PrivilegedAccess.ReadWrite.AzureADGroup", id: "2f6817f8-7b12-4f0f-bc18-eeaf60705a9e" },
  { name: "RoleManagementPolicy.ReadWrite.AzureADGroup", id: "b38dcc4d-a239-4ed6-aa84-6c65b284f97c" },
  { name: "GroupMember.ReadWrite.All" },
  { name: "Group.ReadWrite.All" },
  { name: "Directory.ReadWrite.All" },
];

const lower = (names: Iterable<string>) => new Set([...names].map((n) => n.toLowerCase()));

export function isGranted(permission: GraphPermission, roles: Iterable<string>): boolean {
  const granted = lower(roles);
  return [permission.name, ...permission.satisfiedBy].some((n) => granted.has(n.toLowerCase()));
}

export function missingPermissions(roles: Iterable<string>): GraphPermission[] {
  const granted = [...roles];
  return REQUIRED_GRAPH_APP_PERMISSIONS.filter((p) => !isGranted(p, granted));
}

export function excessPermissions(roles: Iterable<string>): { name: string; id?: string }[] {
  const granted = lower(roles);
  return MEMBERSHIP_WRITING_PERMISSIONS.filter((p) => granted.has(p.name.toLowerCase()));
}
