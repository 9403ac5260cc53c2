import { ServerError } from "@azure/msal-node";
import { describe, expect, it } from "vitest";
import { entraFailureFromError, entraFailureFromQuery, explainAadsts, isAdminFixable } from "./aadsts";

describe("AADSTS explanations", () => {
  it("explains a rejected client secret in words an administrator can act on", () => {
    expect(explainAadsts(7000215)).toBe(
      "This app's credentials were rejected by Microsoft Entra ID. An administrator must update AZURE_CLIENT_SECRET (AADSTS7000215).",
    );
    expect(isAdminFixable(7000215)).toBe(true);
  });

  it("tells the user to sign in again for expired or revoked grants", () => {
    for (const code of [70008, 54005, 50173, 700082]) {
      expect(explainAadsts(code)).toMatch(/Sign in again/);
      expect(isAdminFixable(code)).toBe(false);
    }
  });

  it("knows nothing about unknown codes", () => {
    expect(explainAadsts(12345)).toBeUndefined();
    expect(isAdminFixable(12345)).toBe(false);
  });
});

describe("reading Entra failures", () => {
  it("from the callback query: error, AADSTS number and correlation id", () => {
    const q = new URLSearchParams({
      error: "access_denied",
      error_description:
        "AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 0e3d4c1a-0000-4000-8000-000000000001\r\nCorrelation ID: 6f1c2b3a-0000-4000-8000-000000000002\r\nTimestamp: 2026-01-01 10:00:00Z",
    });
    expect(entraFailureFromQuery(q)).toMatchObject({ error: "access_denied", aadsts: 65004, correlationId: "6f1c2b3a-0000-4000-8000-000000000002" });
  });

  it("from an MSAL ServerError: errorCode, errorNo and correlation id", () => {
    const e = new ServerError(
      "invalid_client",
      "11111111-2222-4333-8444-555555555555",
      "AADSTS7000215: Invalid client secret provided.",
      undefined,
      "7000215",
      401,
    );
    expect(entraFailureFromError(e)).toMatchObject({ error: "invalid_client", aadsts: 7000215, correlationId: "11111111-2222-4333-8444-555555555555" });
  });

  it("from something that is not an MSAL error", () => {
    expect(entraFailureFromError(new TypeError("fetch failed"))).toMatchObject({ error: "unknown_error", description: "fetch failed" });
    expect(entraFailureFromError(undefined)).toEqual({ error: "unknown_error" });
  });
});
