/**
 * The five derived rule types of a unifiedRoleManagementPolicy (entra-graph-api.md §6.4), as stored in the
 * emulator state and as rendered on the wire (camelCase properties, `@odata.type` discriminator).
 */

export interface RuleTarget {
  caller: "Admin" | "EndUser" | "None";
  operations: string[];
  level: "Eligibility" | "Assignment";
  inheritableSettings: string[];
  enforcedSettings: string[];
}

interface RuleBase {
  id: string;
  target: RuleTarget;
}

export const ruleODataTypes = {
  expiration: "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
  enablement: "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
  notification: "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
  approval: "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
  authenticationContext: "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule",
} as const;

export type RuleKind = keyof typeof ruleODataTypes;

export interface ExpirationRule extends RuleBase {
  "@odata.type": (typeof ruleODataTypes)["expiration"];
  isExpirationRequired: boolean;
  maximumDuration: string | null;
}

export type EnablementValue = "MultiFactorAuthentication" | "Justification" | "Ticketing";

export interface EnablementRule extends RuleBase {
  "@odata.type": (typeof ruleODataTypes)["enablement"];
  enabledRules: EnablementValue[];
}

export interface NotificationRule extends RuleBase {
  "@odata.type": (typeof ruleODataTypes)["notification"];
  notificationType: "Email";
  recipientType: "Requestor" | "Approver" | "Admin";
  notificationLevel: "None" | "Critical" | "All";
  isDefaultRecipientsEnabled: boolean;
  notificationRecipients: string[];
}

export interface SubjectSet {
  "@odata.type": "#microsoft.graph.singleUser" | "#microsoft.graph.groupMembers";
  userId?: string;
  groupId?: string;
  description: string | null;
}

export interface ApprovalStage {
  approvalStageTimeOutInDays: number;
  isApproverJustificationRequired: boolean;
  escalationTimeInMinutes: number;
  isEscalationEnabled: boolean;
  primaryApprovers: SubjectSet[];
  escalationApprovers: SubjectSet[];
}

export interface ApprovalSettings {
  isApprovalRequired: boolean;
  isApprovalRequiredForExtension: boolean;
  isRequestorJustificationRequired: boolean;
  approvalMode: "SingleStage" | "Serial" | "Parallel" | "NoApproval";
  approvalStages: ApprovalStage[];
}

export interface ApprovalRule extends RuleBase {
  "@odata.type": (typeof ruleODataTypes)["approval"];
  setting: ApprovalSettings;
}

export interface AuthenticationContextRule extends RuleBase {
  "@odata.type": (typeof ruleODataTypes)["authenticationContext"];
  isEnabled: boolean;
  claimValue: string | null;
}

export type PolicyRule = ExpirationRule | EnablementRule | NotificationRule | ApprovalRule | AuthenticationContextRule;

/** Rule ids are fixed per policy; each id always has the same derived type. */
export interface RulesById {
  Expiration_Admin_Eligibility: ExpirationRule;
  Enablement_Admin_Eligibility: EnablementRule;
  Notification_Admin_Admin_Eligibility: NotificationRule;
  Notification_Requestor_Admin_Eligibility: NotificationRule;
  Notification_Approver_Admin_Eligibility: NotificationRule;
  Expiration_Admin_Assignment: ExpirationRule;
  Enablement_Admin_Assignment: EnablementRule;
  Notification_Admin_Admin_Assignment: NotificationRule;
  Notification_Requestor_Admin_Assignment: NotificationRule;
  Notification_Approver_Admin_Assignment: NotificationRule;
  Expiration_EndUser_Assignment: ExpirationRule;
  Enablement_EndUser_Assignment: EnablementRule;
  Approval_EndUser_Assignment: ApprovalRule;
  AuthenticationContext_EndUser_Assignment: AuthenticationContextRule;
  Notification_Admin_EndUser_Assignment: NotificationRule;
  Notification_Requestor_EndUser_Assignment: NotificationRule;
  Notification_Approver_EndUser_Assignment: NotificationRule;
}

export type RuleId = keyof RulesById;

export type AccessId = "member" | "owner";
