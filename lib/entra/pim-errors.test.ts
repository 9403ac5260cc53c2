import { Client, type Context } from "@microsoft/microsoft-graph-client";
import { describe, expect, it } from "vitest";
import { extractClaims, mapPimError, parsePolicyRules, retryAfterSeconds } from "./pim-errors";

const innerError = { date: "2026-03-04T10:00:03", "request-id": "c3a1f4b2-0000-4000-8000-0000000000e1", "client-request-id": "c3a1f4b2-0000-4000-8000-0000000000e1" };

/**
 * Produces the GraphError the real SDK throws for a given HTTP response: the Graph client is given a terminal
 * middleware that answers with the canned response, so parsing goes through @microsoft/microsoft-graph-client itself.
 */
async function graphErrorFor(status: number, error: Record<string, unknown>, headers: Record<string, string> = {}): Promise<unknown> {
  const client = Client.initWithMiddleware({
    middleware: {
      execute: (context: Context) => {
        context.response = new Response(JSON.stringify({ error: { ...error, innerError } }), {
          status,
          headers: { "content-type": "application/json", ...headers },
        });
        return Promise.resolve();
      },
    },
  });
  try {
    await client.api("/identityGovernance/privilegedAccess/group/assignmentScheduleRequests").post({});
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}

const policyFailed = (rules: string[]) =>
  graphErrorFor(400, { code: "RoleAssignmentRequestPolicyValidationFailed", message: `The following policy rules failed: ${JSON.stringify(rules)}` });

describe("mapPimError with real Graph error bodies (entra-graph-api.md §9.3)", () => {
  it("maps the double-wrapped PermissionScopeNotGranted 403 to a permission error", async () => {
    const e = await graphErrorFor(403, {
      code: "UnknownError",
      message: JSON.stringify({
        errorCode: "PermissionScopeNotGranted",
        message: "Authorization failed due to missing permission scope PrivilegedEligibilitySchedule.Read.AzureADGroup.",
        instanceAnnotations: [],
      }),
    });
    const m = mapPimError(e);
    expect(m).toMatchObject({ kind: "permission", code: "PermissionScopeNotGranted", status: 403 });
  });

  it("names the policy maximum when the ExpirationRule fails", async () => {
    const m = mapPimError(await policyFailed(["ExpirationRule"]), { maxDurationMinutes: 480 });
    expect(m.kind).toBe("policy");
    expect(m.rules).toEqual(["ExpirationRule"]);
    expect(m.userMessage).toBe("The requested duration is longer than the PIM policy allows (max 8 hours).");
  });

  it("explains every failed rule when several fail", async () => {
    const m = mapPimError(await policyFailed(["JustificationRule", "TicketingRule"]));
    expect(m.rules).toEqual(["JustificationRule", "TicketingRule"]);
    expect(m.userMessage).toContain("requires a justification");
    expect(m.userMessage).toContain("requires a ticket number");
  });

  it("maps the EligibilityRule to a policy error about eligibility", async () => {
    const m = mapPimError(await policyFailed(["EligibilityRule"]));
    expect(m).toMatchObject({ kind: "policy", rules: ["EligibilityRule"] });
    expect(m.userMessage).toMatch(/not eligible/);
  });

  it("maps a failed MfaRule to mfa_required", async () => {
    const m = mapPimError(await policyFailed(["MfaRule"]));
    expect(m).toMatchObject({ kind: "mfa_required", rules: ["MfaRule"] });
  });

  it("extracts the claims challenge from an acrs validation failure", async () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const e = await graphErrorFor(400, {
      code: "RoleAssignmentRequestAcrsValidationFailed",
      message: `The Role assignment request requires authentication context. &claims=${claims}`,
    });
    expect(mapPimError(e)).toMatchObject({ kind: "auth_context", claims });
  });

  it("recognises the acrs failure even when it arrives as UnknownError", async () => {
    const e = await graphErrorFor(400, {
      code: "UnknownError",
      message: 'RoleAssignmentRequestAcrsValidationFailed: claims={"access_token":{"acrs":{"essential":true,"value":"c1"}}}',
    });
    expect(mapPimError(e).kind).toBe("auth_context");
  });

  it.each([
    ["RoleAssignmentExists", "The Role assignment already exists.", "already_active"],
    ["PendingRoleAssignmentRequest", "There already exists a pending Role assignment request.", "pending_exists"],
    ["ActiveDurationTooShort", "The Active duration is too short. Miniumum Required is 5 minutes.", "too_soon"],
    ["RoleAssignmentDoesNotExist", "The Role assignment does not exist.", "not_found"],
  ])("maps %s to %s", async (code, message, kind) => {
    const m = mapPimError(await graphErrorFor(400, { code, message }));
    expect(m).toMatchObject({ kind, code });
    expect(m.userMessage).not.toContain("Role assignment"); // people see our wording, not PIM's
  });

  it("maps a 409 on an approval stage to conflict", async () => {
    const m = mapPimError(await graphErrorFor(409, { code: "Conflict", message: "The approval stage was already completed." }));
    expect(m.kind).toBe("conflict");
  });

  it("maps 404 Request_ResourceNotFound to not_found", async () => {
    const m = mapPimError(await graphErrorFor(404, { code: "Request_ResourceNotFound", message: "Resource 'x' does not exist." }));
    expect(m.kind).toBe("not_found");
  });

  it("maps a 429 to throttled and reads Retry-After", async () => {
    const client429 = await graphErrorFor(429, { code: "TooManyRequests", message: "Too many requests." }, { "Retry-After": "7" });
    const m = mapPimError(client429);
    expect(m).toMatchObject({ kind: "throttled", retryAfterSeconds: 7 });
  }, 60_000);

  it("treats anything that is not a Graph error as unknown", () => {
    expect(mapPimError(new TypeError("fetch failed")).kind).toBe("unknown");
  });
});

describe("helpers", () => {
  it("parses rule names from the policy message", () => {
    expect(parsePolicyRules('The following policy rules failed: ["ExpirationRule","MfaRule"]')).toEqual(["ExpirationRule", "MfaRule"]);
    expect(parsePolicyRules("something else")).toEqual([]);
  });
  it("decodes a base64 claims challenge from WWW-Authenticate", () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c2"}}}';
    const header = `Bearer realm="", error="insufficient_claims", claims="${Buffer.from(claims).toString("base64")}"`;
    expect(extractClaims("", header)).toBe(claims);
  });
  it("reads Retry-After given as an HTTP date", () => {
    const now = new Date("2026-03-04T10:00:00Z");
    const e = { statusCode: 503, headers: { "Retry-After": "Wed, 04 Mar 2026 10:00:30 GMT" } };
    expect(retryAfterSeconds(e, now)).toBe(30);
  });
});
