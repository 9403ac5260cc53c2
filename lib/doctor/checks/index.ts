/** Every check, in report order: the app as a whole first, then per target from PIM policy to cluster. */
import type { Check } from "../types";
import { appPermissions } from "./app-permissions";
import { approvalRequired } from "./approval-required";
import { approverAzureRoles } from "./approver-azure-roles";
import { approverMembers } from "./approver-members";
import { approverPolicy } from "./approver-policy";
import { approverSeparation } from "./approver-separation";
import { clusterAdminGroups } from "./cluster-admin-groups";
import { clusterAzureRbac } from "./cluster-azure-rbac";
import { clusterLocalAccounts } from "./cluster-local-accounts";
import { eligibleRoles } from "./eligible-roles";
import { justificationRequired } from "./justification-required";
import { mailSender } from "./mail-sender";
import { maxDuration } from "./max-duration";
import { pimEnabled } from "./pim-enabled";
import { pimGroupRole } from "./pim-group-role";

export const CHECKS: readonly Check[] = [
  appPermissions,
  mailSender,
  pimEnabled,
  approvalRequired,
  approverPolicy,
  maxDuration,
  justificationRequired,
  approverMembers,
  approverSeparation,
  approverAzureRoles,
  pimGroupRole,
  eligibleRoles,
  clusterAzureRbac,
  clusterAdminGroups,
  clusterLocalAccounts,
];
