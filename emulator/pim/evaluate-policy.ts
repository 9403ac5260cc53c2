/**
 * Pure evaluation of the policy rules that apply to one request (entra-graph-api.md §4.10 steps 5–8).
 * Rule names in failures are the ones PIM puts in "The following policy rules failed: [...]".
 */
import { parseIsoDuration } from "../policies/iso-duration";
import type { ApprovalRule, ApprovalStage, AuthenticationContextRule, EnablementRule, ExpirationRule } from "../policies/rule-types";
import type { Expiration } from "./model";

/** PIM for Groups refuses assignments shorter than five minutes (and removals within five minutes). */
export const FIVE_MINUTES_MS = 5 * 60_000;

/** End of a schedule starting at `startMs`, or null for a permanent one. */
export function endOf(startMs: number, expiration: Expiration): number | null {
  if (expiration.type === "afterDuration" && expiration.duration) return startMs + (parseIsoDuration(expiration.duration) ?? 0);
  if (expiration.type === "afterDateTime" && expiration.endDateTime) return Date.parse(expiration.endDateTime);
  return null;
}

export function expirationFails(rule: ExpirationRule, startMs: number, endMs: number | null): boolean {
  if (endMs === null) return rule.isExpirationRequired;
  const length = endMs - startMs;
  if (length < FIVE_MINUTES_MS) return true;
  const max = rule.maximumDuration === null ? undefined : parseIsoDuration(rule.maximumDuration);
  return max !== undefined && length > max;
}

export interface EnablementEvidence {
  justification: string | null;
  ticketNumber: string | null;
  amr: readonly string[];
}

export function enablementFailures(rule: EnablementRule, evidence: EnablementEvidence): string[] {
  const failures: string[] = [];
  for (const required of rule.enabledRules) {
    if (required === "Justification" && !evidence.justification?.trim()) failures.push("JustificationRule");
    if (required === "Ticketing" && !evidence.ticketNumber?.trim()) failures.push("TicketingRule");
    if (required === "MultiFactorAuthentication" && !evidence.amr.some((m) => m.toLowerCase() === "mfa")) failures.push("MfaRule");
  }
  return failures;
}

/** The stages an approval gets, or null when the policy needs no approval. */
export function approvalStagesFor(rule: ApprovalRule): ApprovalStage[] | null {
  const { setting } = rule;
  if (!setting.isApprovalRequired || setting.approvalMode === "NoApproval" || setting.approvalStages.length === 0) return null;
  return setting.approvalMode === "SingleStage" ? setting.approvalStages.slice(0, 1) : setting.approvalStages;
}

/** The claims challenge PIM embeds when an authentication context is required and not in the token. */
export function acrsChallenge(rule: AuthenticationContextRule, acrs: readonly string[]): string | null {
  if (!rule.isEnabled || rule.claimValue === null) return null;
  if (acrs.includes(rule.claimValue)) return null;
  return JSON.stringify({ access_token: { acrs: { essential: true, value: rule.claimValue } } });
}
