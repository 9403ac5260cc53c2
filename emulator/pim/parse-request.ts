/**
 * Shape checks for a POSTed schedule request body (before any policy is looked at). Enum input is
 * case-insensitive like the real service; the parsed form uses the canonical camelCase values.
 * Every problem is a 400 `InvalidRoleAssignmentRequest`.
 */
import { GraphError } from "../core/types";
import { isPlainObject } from "../policies/deep-merge";
import { parseIsoDuration } from "../policies/iso-duration";
import type { AccessId, Expiration, ExpirationType, ScheduleAction } from "./model";

export interface ParsedRequest {
  action: ScheduleAction;
  accessId: AccessId;
  groupId: string;
  principalId: string;
  justification: string | null;
  ticketInfo: { ticketNumber: string | null; ticketSystem: string | null };
  customData: string | null;
  isValidationOnly: boolean;
  /** null when the body had no scheduleInfo (removals). */
  scheduleInfo: { startMs: number | null; expiration: Expiration } | null;
}

export const assignmentActions: readonly ScheduleAction[] = [
  "adminAssign",
  "adminUpdate",
  "adminRemove",
  "selfActivate",
  "selfDeactivate",
  "adminExtend",
  "adminRenew",
];
export const eligibilityActions: readonly ScheduleAction[] = ["adminAssign", "adminUpdate", "adminRemove", "adminExtend", "adminRenew"];

/** Actions that create or change a schedule and therefore need `scheduleInfo`. */
export const schedulingActions: readonly ScheduleAction[] = ["selfActivate", "adminAssign", "adminUpdate", "adminExtend", "adminRenew"];

const expirationTypes: readonly ExpirationType[] = ["notSpecified", "noExpiration", "afterDateTime", "afterDuration"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function invalidRequest(detail: string): GraphError {
  return new GraphError(400, "InvalidRoleAssignmentRequest", `The role assignment request is invalid. ${detail}`);
}

function enumValue<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value !== "string") throw invalidRequest(`Property '${name}' is required and must be a string.`);
  const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!match) throw invalidRequest(`Value '${value}' is not valid for property '${name}'.`);
  return match;
}

function guid(value: unknown, name: string): string {
  if (typeof value !== "string") throw invalidRequest(`Property '${name}' is required and must be a string.`);
  if (!GUID.test(value)) throw invalidRequest(`Property '${name}' must be an object id (GUID).`);
  return value.toLowerCase();
}

function optionalString(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw invalidRequest(`Property '${name}' must be a string.`);
  return value;
}

function parseExpiration(value: unknown): Expiration {
  if (value === undefined || value === null) return { type: "notSpecified", endDateTime: null, duration: null };
  if (!isPlainObject(value)) throw invalidRequest("Property 'scheduleInfo.expiration' must be an object.");
  const type = value.type === undefined || value.type === null ? "notSpecified" : enumValue(value.type, expirationTypes, "expiration.type");
  const duration = optionalString(value.duration, "expiration.duration");
  const endDateTime = optionalString(value.endDateTime, "expiration.endDateTime");
  if (type === "afterDuration") {
    if (duration === null || parseIsoDuration(duration) === undefined) throw invalidRequest("An 'afterDuration' expiration needs an ISO-8601 'duration' such as PT1H.");
    return { type, duration, endDateTime: null };
  }
  if (type === "afterDateTime") {
    if (endDateTime === null || Number.isNaN(Date.parse(endDateTime))) throw invalidRequest("An 'afterDateTime' expiration needs an ISO-8601 'endDateTime'.");
    return { type, endDateTime, duration: null };
  }
  return { type, endDateTime: null, duration: null };
}

function parseScheduleInfo(value: unknown, required: boolean): ParsedRequest["scheduleInfo"] {
  if (value === undefined || value === null) {
    if (required) throw invalidRequest("Property 'scheduleInfo' is required for this action.");
    return null;
  }
  if (!isPlainObject(value)) throw invalidRequest("Property 'scheduleInfo' must be an object.");
  if (value.recurrence !== undefined && value.recurrence !== null) throw invalidRequest("Recurrence is not supported.");
  const start = optionalString(value.startDateTime, "scheduleInfo.startDateTime");
  const startMs = start === null ? null : Date.parse(start);
  if (startMs !== null && Number.isNaN(startMs)) throw invalidRequest("Property 'scheduleInfo.startDateTime' must be an ISO-8601 date-time.");
  return { startMs, expiration: parseExpiration(value.expiration) };
}

function parseTicketInfo(value: unknown): ParsedRequest["ticketInfo"] {
  if (value === undefined || value === null) return { ticketNumber: null, ticketSystem: null };
  if (!isPlainObject(value)) throw invalidRequest("Property 'ticketInfo' must be an object.");
  return { ticketNumber: optionalString(value.ticketNumber, "ticketInfo.ticketNumber"), ticketSystem: optionalString(value.ticketSystem, "ticketInfo.ticketSystem") };
}

export function parseScheduleRequest(body: unknown, allowedActions: readonly ScheduleAction[]): ParsedRequest {
  if (!isPlainObject(body)) throw invalidRequest("The request body must be a JSON object.");
  const action = enumValue(body.action, allowedActions, "action");
  const isValidationOnly = body.isValidationOnly ?? false;
  if (typeof isValidationOnly !== "boolean") throw invalidRequest("Property 'isValidationOnly' must be a boolean.");
  return {
    action,
    accessId: enumValue(body.accessId, ["member", "owner"] as const, "accessId"),
    groupId: guid(body.groupId, "groupId"),
    principalId: guid(body.principalId, "principalId"),
    justification: optionalString(body.justification, "justification"),
    ticketInfo: parseTicketInfo(body.ticketInfo),
    customData: optionalString(body.customData, "customData"),
    isValidationOnly,
    scheduleInfo: parseScheduleInfo(body.scheduleInfo, schedulingActions.includes(action)),
  };
}
