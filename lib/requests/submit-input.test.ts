import { describe, expect, it } from "vitest";
import type { PimPolicy } from "@/lib/entra/pim";
import type { Target } from "@/lib/targets";
import { checkAgainstLimits, parseSubmitInput } from "./submit-input";

const target: Target = {
  id: "aks-prod",
  displayName: "AKS production",
  pimGroupId: "9a8b7c6d-0000-4000-8000-00000000b001",
  approverGroupId: "9a8b7c6d-0000-4000-8000-00000000b002",
  clusterResourceId: "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
  quorum: 1,
  defaultDurationMinutes: 60,
  maxDurationMinutes: 240,
};
const policy: PimPolicy = {
  policyId: "p",
  maxDurationMinutes: 480,
  isJustificationRequired: true,
  isTicketRequired: false,
  isMfaRequired: false,
  isApprovalRequired: true,
  approverGroupIds: [target.approverGroupId],
  approverUserIds: [],
  authContext: null,
};
const valid = { targetId: "aks-prod", durationMinutes: "90", justification: "  Hotfix INC-4711 on prod  ", ticketNumber: "" };

function fieldsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    return (e as { options: { fields: Record<string, string> } }).options.fields;
  }
  throw new Error("expected a validation error");
}

describe("parseSubmitInput", () => {
  it("accepts form strings, trims text and turns an empty ticket into null", () => {
    expect(parseSubmitInput(valid)).toEqual({ targetId: "aks-prod", durationMinutes: 90, justification: "Hotfix INC-4711 on prod", ticketNumber: null, ticketSystem: null });
  });
  it("keeps a ticket system and refuses one with odd characters", () => {
    expect(parseSubmitInput({ ...valid, ticketNumber: "INC-4711", ticketSystem: " ServiceNow " })).toMatchObject({ ticketNumber: "INC-4711", ticketSystem: "ServiceNow" });
    expect(fieldsOf(() => parseSubmitInput({ ...valid, ticketSystem: "<script>" }))).toHaveProperty("ticketSystem");
  });
  it("names every bad field", () => {
    expect(fieldsOf(() => parseSubmitInput({ targetId: "", durationMinutes: "4.5", justification: "x".repeat(501), ticketNumber: "a b" }))).toEqual({
      targetId: "Choose what to request.",
      durationMinutes: "Enter whole minutes.",
      justification: "Keep it under 500 characters.",
      ticketNumber: "Use letters, digits and - _ . # : / only.",
    });
  });
  it("requires a justification of at least 10 characters", () => {
    expect(fieldsOf(() => parseSubmitInput({ ...valid, justification: "   fix    " }))).toHaveProperty("justification");
  });
});

describe("checkAgainstLimits", () => {
  const input = parseSubmitInput(valid);
  it("takes the stricter of the target's and the policy's maximum", () => {
    expect(fieldsOf(() => checkAgainstLimits({ ...input, durationMinutes: 241 }, target, policy))).toEqual({
      durationMinutes: "The requested duration is longer than this target allows (max 4 hours).",
    });
    expect(fieldsOf(() => checkAgainstLimits({ ...input, durationMinutes: 121 }, target, { ...policy, maxDurationMinutes: 120 }))).toEqual({
      durationMinutes: "The requested duration is longer than the PIM policy allows (max 2 hours).",
    });
    expect(() => checkAgainstLimits({ ...input, durationMinutes: 240 }, target, policy)).not.toThrow();
  });
  it("asks for a ticket when the PIM policy requires one", () => {
    expect(fieldsOf(() => checkAgainstLimits(input, target, { ...policy, isTicketRequired: true }))).toEqual({ ticketNumber: "The PIM policy requires a ticket number." });
  });
});
