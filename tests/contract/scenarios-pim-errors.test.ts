/**
 * The PIM errors the app must recognise (entra-graph-api.md §4.10, §9.3), produced the way they happen for
 * real: duplicates, policy rules, MFA, app tokens on delegated-only operations, throttled retries, bad input.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import {
  adminCapableTenant,
  appGraph,
  graphError,
  id,
  PIM,
  postRequest,
  requestBody,
  stagesOf,
  userGraph,
  type PimRequest,
} from "./pim-test-kit";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => {
  emu.loadFixture(adminCapableTenant());
});

function innerErrorCode(message: string): string | undefined {
  try {
    return (JSON.parse(message) as { errorCode?: string }).errorCode;
  } catch {
    return undefined;
  }
}

describe("policy rules", () => {
  it("rejects a duration above the PT8H maximum naming ExpirationRule", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const error = await graphError(postRequest(n01, requestBody({ action: "selfActivate", duration: "PT9H" })));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("RoleAssignmentRequestPolicyValidationFailed");
    expect(error.message).toBe('The following policy rules failed: ["ExpirationRule"]');
  });

  it("rejects an activation shorter than five minutes as an ExpirationRule failure", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const error = await graphError(postRequest(n01, requestBody({ action: "selfActivate", duration: "PT4M" })));
    expect(error.message).toContain("ExpirationRule");
  });

  it("rejects a missing justification naming JustificationRule", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const error = await graphError(postRequest(n01, requestBody({ action: "selfActivate", justification: null })));
    expect(error.code).toBe("RoleAssignmentRequestPolicyValidationFailed");
    expect(error.message).toBe('The following policy rules failed: ["JustificationRule"]');
  });

  it("requires MFA in the token when the policy enables the MFA rule", async () => {
    emu.loadFixture(
      adminCapableTenant((f) => {
        f.users.find((u) => u.id === id.n02)!.mfaRegistered = false;
        (f.policies as { rules: Record<string, unknown> }[])[0]!.rules.Enablement_EndUser_Assignment = { enabledRules: ["Justification", "MultiFactorAuthentication"] };
      }),
    );
    const n02 = await userGraph(emu, "n02@contoso.example");
    const error = await graphError(postRequest(n02, requestBody({ action: "selfActivate", principalId: id.n02 })));
    expect(error.code).toBe("RoleAssignmentRequestPolicyValidationFailed");
    expect(error.message).toContain("MfaRule");
    const n01 = await userGraph(emu, "n01@contoso.example");
    expect((await postRequest(n01, requestBody({ action: "selfActivate" }))).status).toBe("PendingApproval");
  });
});

describe("duplicates", () => {
  it("answers a second activation while one is pending with PendingRoleAssignmentRequest", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    await postRequest(n01, requestBody({ action: "selfActivate" }));
    const error = await graphError(postRequest(n01, requestBody({ action: "selfActivate" })));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("PendingRoleAssignmentRequest");
  });

  it("answers an activation while active with RoleAssignmentExists", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const created = await postRequest(n01, requestBody({ action: "selfActivate" }));
    const p01 = await userGraph(emu, "p01@contoso.example");
    const [stage] = await stagesOf(p01, created.id);
    await p01.api(`${PIM}/assignmentApprovals/${created.id}/stages/${stage!.id}`).patch({ reviewResult: "Approve", justification: "ok" });
    const error = await graphError(postRequest(n01, requestBody({ action: "selfActivate" })));
    expect(error.code).toBe("RoleAssignmentExists");
    expect(error.message).toBe("The Role assignment already exists.");
  });

  it("lets the SDK retry a throttled POST and answers the duplicate POST like PIM", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    await emu.hooks.addFault({ method: "POST", path: "assignmentScheduleRequests$", kind: "429", retryAfterSeconds: 1, count: 1 });
    const created = await postRequest(n01, requestBody({ action: "selfActivate" }));
    expect(created.status).toBe("PendingApproval");
    // The one-shot fault was consumed by the first attempt; the SDK's retry created the request.
    expect(await emu.hooks.faults()).toEqual([]);
    const duplicate = await graphError(postRequest(n01, requestBody({ action: "selfActivate" })));
    expect(duplicate.code).toBe("PendingRoleAssignmentRequest");
  });
});

describe("app tokens on delegated-only operations", () => {
  it("rejects selfActivate with an app token with PIM's double-wrapped 403", async () => {
    const app = await appGraph(emu);
    const error = await graphError(postRequest(app, requestBody({ action: "selfActivate" })));
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("UnknownError");
    expect(innerErrorCode(error.message)).toBe("PermissionScopeNotGranted");
  });

  it("rejects an approval decision with an app token with PIM's double-wrapped 403", async () => {
    const created = await postRequest(await userGraph(emu, "n01@contoso.example"), requestBody({ action: "selfActivate" }));
    const [stage] = await stagesOf(await userGraph(emu, "p01@contoso.example"), created.id);
    const app = await appGraph(emu);
    const error = await graphError(app.api(`${PIM}/assignmentApprovals/${created.id}/stages/${stage!.id}`).patch({ reviewResult: "Approve", justification: "x" }));
    expect(error.statusCode).toBe(403);
    expect(innerErrorCode(error.message)).toBe("PermissionScopeNotGranted");
  });
});

describe("bad input never becomes a 500", () => {
  const url = () => `${emu.url}/v1.0${PIM}/assignmentScheduleRequests`;

  async function raw(token: string, body: string, path = url()): Promise<{ status: number; json: { error: { code: string; message: string; innerError: Record<string, string> } } }> {
    const res = await fetch(path, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body });
    return { status: res.status, json: (await res.json()) as never };
  }

  it("answers malformed JSON with a Graph-shaped 400", async () => {
    const token = (await emu.userToken("n01@contoso.example", ["PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"])).accessToken;
    const res = await raw(token, '{"action": "selfActivate",');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("BadRequest");
    expect(res.json.error.innerError["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["a missing action", { ...requestBody({ action: "selfActivate" }), action: undefined }],
    ["an unknown action", requestBody({ action: "selfPromote" })],
    ["a numeric groupId", { ...requestBody({ action: "selfActivate" }), groupId: 42 }],
    ["a missing scheduleInfo on an activation", { ...requestBody({ action: "selfActivate" }), scheduleInfo: undefined }],
    ["a duration that is not ISO-8601", requestBody({ action: "selfActivate", duration: "one hour" })],
    ["a body that is an array", []],
  ])("answers %s with 400 InvalidRoleAssignmentRequest", async (_label, body) => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const error = await graphError(postRequest(n01, body as Record<string, unknown>));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("InvalidRoleAssignmentRequest");
  });

  it("answers an unknown group with 400 (not eligible) and unknown request ids with 404", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const unknownGroup = await graphError(postRequest(n01, requestBody({ action: "selfActivate", groupId: "9a8b7c6d-0000-4000-8000-0000000000ff" })));
    expect(unknownGroup.statusCode).toBe(400);
    const missing = await graphError(n01.api(`${PIM}/assignmentScheduleRequests/6c5b4a39-0000-4000-8000-00000000e0ff`).get());
    expect(missing.statusCode).toBe(404);
    const cancel = await graphError(n01.api(`${PIM}/assignmentScheduleRequests/6c5b4a39-0000-4000-8000-00000000e0ff/cancel`).post({}));
    expect(cancel.statusCode).toBe(404);
  });

  it("answers an unsupported $filter with 400 BadRequest", async () => {
    const app = await appGraph(emu);
    const error = await graphError(app.api(`${PIM}/assignmentScheduleRequests`).filter(`groupId eq '${id.admin}' and justification gt 'a'`).get());
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("BadRequest");
  });

  it("never answers 500 to a selection of hostile bodies", async () => {
    const token = (await emu.userToken("n01@contoso.example", ["PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"])).accessToken;
    const bodies = ["null", "1", '"x"', "{}", '{"action":null}', '{"action":"selfActivate","scheduleInfo":"now"}', '{"action":"selfActivate","accessId":"member","groupId":"g","principalId":"p"}'];
    for (const body of bodies) {
      const res = await raw(token, body);
      expect(res.status, body).toBeGreaterThanOrEqual(400);
      expect(res.status, body).toBeLessThan(500);
      expect(res.json.error.code, body).toBeTruthy();
    }
  });
});

export type { PimRequest };
