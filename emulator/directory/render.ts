/**
 * JSON representations of directory objects (entra-graph-api.md §7). Users come in three access levels:
 * "full" (User.Read.All, or the signed-in user's own profile), "basic" (User.ReadBasic.All: only the basic
 * property set has values) and "limited" (no user-read permission at all: Graph still lists the object but
 * with only `@odata.type` and `id`, every other property null).
 */
import type { DirectoryGroup, DirectoryUser } from "../core/types";
import type { DirectoryObject } from "./graph";
import type { DirectoryServicePrincipal } from "./state";

export type UserAccess = "full" | "basic" | "limited";

/** What `GET /users/{id}` returns without `$select`. */
export const defaultUserProperties = ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"] as const;
export const userProperties = [...defaultUserProperties, "accountEnabled", "mailNickname", "otherMails", "userType"] as const;
const basicUserProperties = new Set(["id", "displayName", "givenName", "mail", "surname", "userPrincipalName"]);

export const groupProperties = ["id", "createdDateTime", "description", "displayName", "groupTypes", "isAssignableToRole", "mail", "mailEnabled", "mailNickname", "securityEnabled", "visibility"] as const;
export const servicePrincipalProperties = ["id", "accountEnabled", "appId", "appDisplayName", "displayName", "servicePrincipalType"] as const;
export const directoryRoleProperties = ["id", "description", "displayName", "roleTemplateId"] as const;
/** Everything `$select` may name on a mixed directoryObject collection. */
export const directoryObjectProperties = [...new Set<string>([...userProperties, ...groupProperties, ...servicePrincipalProperties, ...directoryRoleProperties])];

/** Display names of the built-in roles the fixtures use (template id → name); others are shown by id. */
const roleNames: Record<string, string> = {
  "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
  "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
  "f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
  "fdd7a751-b60b-444a-984c-02652fe8fa1c": "Groups Administrator",
  "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
  "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e": "Identity Governance Administrator",
};

export function userJson(user: DirectoryUser, access: UserAccess): Record<string, unknown> {
  const values: Record<string, unknown> = {
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    id: user.id,
    accountEnabled: user.accountEnabled,
    mailNickname: user.userPrincipalName.split("@")[0] ?? null,
    otherMails: [],
    userType: "Member",
  };
  const out: Record<string, unknown> = { "@odata.type": "#microsoft.graph.user" };
  for (const key of userProperties) {
    const isVisible = key === "id" || access === "full" || (access === "basic" && basicUserProperties.has(key));
    out[key] = isVisible ? values[key] : null;
  }
  return out;
}

export function groupJson(group: DirectoryGroup): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.group",
    id: group.id,
    createdDateTime: null,
    description: group.description,
    displayName: group.displayName,
    groupTypes: [],
    isAssignableToRole: group.isAssignableToRole,
    mail: group.mail,
    mailEnabled: group.mailEnabled,
    mailNickname: group.mailNickname,
    securityEnabled: group.securityEnabled,
    visibility: null,
  };
}

function servicePrincipalJson(sp: DirectoryServicePrincipal): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.servicePrincipal",
    id: sp.id,
    accountEnabled: true,
    appId: sp.appId,
    appDisplayName: sp.displayName,
    displayName: sp.displayName,
    servicePrincipalType: "Application",
  };
}

export function directoryRoleJson(templateId: string): Record<string, unknown> {
  return { "@odata.type": "#microsoft.graph.directoryRole", id: templateId, description: null, displayName: roleNames[templateId] ?? templateId, roleTemplateId: templateId };
}

export function objectJson(object: DirectoryObject, userAccess: UserAccess): Record<string, unknown> {
  switch (object.kind) {
    case "user":
      return userJson(object.user, userAccess);
    case "group":
      return groupJson(object.group);
    case "servicePrincipal":
      return servicePrincipalJson(object.servicePrincipal);
    case "unknown":
      return { "@odata.type": "#microsoft.graph.directoryObject", id: object.id };
  }
}

/** The properties an object shows when no `$select` is given (users hide e.g. accountEnabled by default). */
export function defaultProjection(json: Record<string, unknown>): Record<string, unknown> {
  if (json["@odata.type"] !== "#microsoft.graph.user") return json;
  const out: Record<string, unknown> = { "@odata.type": json["@odata.type"] };
  for (const key of defaultUserProperties) out[key] = json[key];
  return out;
}
