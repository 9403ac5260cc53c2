/**
 * The 17 fixed rules of a PIM-for-Groups policy with the defaults a freshly onboarded group gets
 * (entra-graph-api.md §6.4). Each policy (member and owner) starts from this catalogue.
 */
import {
  ruleODataTypes,
  type NotificationRule,
  type PolicyRule,
  type RuleId,
  type RuleKind,
  type RulesById,
  type RuleTarget,
} from "./rule-types";

export const ruleIds = [
  "Expiration_Admin_Eligibility",
  "Enablement_Admin_Eligibility",
  "Notification_Admin_Admin_Eligibility",
  "Notification_Requestor_Admin_Eligibility",
  "Notification_Approver_Admin_Eligibility",
  "Expiration_Admin_Assignment",
  "Enablement_Admin_Assignment",
  "Notification_Admin_Admin_Assignment",
  "Notification_Requestor_Admin_Assignment",
  "Notification_Approver_Admin_Assignment",
  "Expiration_EndUser_Assignment",
  "Enablement_EndUser_Assignment",
  "Approval_EndUser_Assignment",
  "AuthenticationContext_EndUser_Assignment",
  "Notification_Admin_EndUser_Assignment",
  "Notification_Requestor_EndUser_Assignment",
  "Notification_Approver_EndUser_Assignment",
] as const satisfies readonly RuleId[];

export function isRuleId(value: string): value is RuleId {
  return (ruleIds as readonly string[]).includes(value);
}

/** The derived type of a rule id, from its prefix. */
export function ruleKind(id: RuleId): RuleKind {
  if (id.startsWith("Expiration_")) return "expiration";
  if (id.startsWith("Enablement_")) return "enablement";
  if (id.startsWith("Notification_")) return "notification";
  if (id.startsWith("Approval_")) return "approval";
  return "authenticationContext";
}

/** Caller and level are encoded in the id's suffix: `…_Admin_Eligibility`, `…_Admin_Assignment`, `…_EndUser_Assignment`. */
export function ruleTarget(id: RuleId): RuleTarget {
  return {
    caller: id.endsWith("_EndUser_Assignment") ? "EndUser" : "Admin",
    operations: ["All"],
    level: id.endsWith("_Eligibility") ? "Eligibility" : "Assignment",
    inheritableSettings: [],
    enforcedSettings: [],
  };
}

function notification(id: RuleId): NotificationRule {
  const recipient = id.split("_")[1];
  return {
    "@odata.type": ruleODataTypes.notification,
    id,
    target: ruleTarget(id),
    notificationType: "Email",
    recipientType: recipient === "Requestor" ? "Requestor" : recipient === "Approver" ? "Approver" : "Admin",
    notificationLevel: "All",
    isDefaultRecipientsEnabled: true,
    notificationRecipients: [],
  };
}

function expiration(id: RuleId, maximumDuration: string) {
  return { "@odata.type": ruleODataTypes.expiration, id, target: ruleTarget(id), isExpirationRequired: true, maximumDuration };
}

function enablement(id: RuleId, enabledRules: RulesById["Enablement_Admin_Assignment"]["enabledRules"]) {
  return { "@odata.type": ruleODataTypes.enablement, id, target: ruleTarget(id), enabledRules };
}

/** A fresh copy of the group defaults, in catalogue order. */
export function defaultRules(): PolicyRule[] {
  const defaults: RulesById = {
    Expiration_Admin_Eligibility: expiration("Expiration_Admin_Eligibility", "P365D"),
    Enablement_Admin_Eligibility: enablement("Enablement_Admin_Eligibility", []),
    Notification_Admin_Admin_Eligibility: notification("Notification_Admin_Admin_Eligibility"),
    Notification_Requestor_Admin_Eligibility: notification("Notification_Requestor_Admin_Eligibility"),
    Notification_Approver_Admin_Eligibility: notification("Notification_Approver_Admin_Eligibility"),
    Expiration_Admin_Assignment: expiration("Expiration_Admin_Assignment", "P180D"),
    Enablement_Admin_Assignment: enablement("Enablement_Admin_Assignment", ["Justification"]),
    Notification_Admin_Admin_Assignment: notification("Notification_Admin_Admin_Assignment"),
    Notification_Requestor_Admin_Assignment: notification("Notification_Requestor_Admin_Assignment"),
    Notification_Approver_Admin_Assignment: notification("Notification_Approver_Admin_Assignment"),
    Expiration_EndUser_Assignment: expiration("Expiration_EndUser_Assignment", "PT8H"),
    Enablement_EndUser_Assignment: enablement("Enablement_EndUser_Assignment", ["Justification"]),
    Approval_EndUser_Assignment: {
      "@odata.type": ruleODataTypes.approval,
      id: "Approval_EndUser_Assignment",
      target: ruleTarget("Approval_EndUser_Assignment"),
      setting: {
        isApprovalRequired: false,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: "SingleStage",
        approvalStages: [
          {
            approvalStageTimeOutInDays: 1,
            isApproverJustificationRequired: true,
            escalationTimeInMinutes: 0,
            isEscalationEnabled: false,
            primaryApprovers: [],
            escalationApprovers: [],
          },
        ],
      },
    },
    AuthenticationContext_EndUser_Assignment: {
      "@odata.type": ruleODataTypes.authenticationContext,
      id: "AuthenticationContext_EndUser_Assignment",
      target: ruleTarget("AuthenticationContext_EndUser_Assignment"),
      isEnabled: false,
      claimValue: null,
    },
    Notification_Admin_EndUser_Assignment: notification("Notification_Admin_EndUser_Assignment"),
    Notification_Requestor_EndUser_Assignment: notification("Notification_Requestor_EndUser_Assignment"),
    Notification_Approver_EndUser_Assignment: notification("Notification_Approver_EndUser_Assignment"),
  };
  return ruleIds.map((id) => defaults[id]);
}
