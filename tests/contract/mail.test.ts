/**
 * Graph `sendMail` (entra-graph-api.md §7.5) through the real graph-client over HTTPS: delivery into the
 * emulator mailbox, body validation, and who may send as whom.
 */
import { GraphError, ResponseType } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import tenant from "@/emulator/fixtures/tenant.json";
import type { TenantFixture } from "@/emulator/core/types";
import { startTestEmulator, type TestEmulator } from "../support/emulator";

const graph = "https://graph.microsoft.com";
const approvalHtml = '<p>Justification: Hotfix INC-4711</p><p><a href="http://localhost:3000/approvals/42?t=a&amp;b">Review the request</a></p>';

function sendMailBody(overrides: Record<string, unknown> = {}) {
  return {
    message: {
      subject: "[AKS JIT] Approval needed: n01@contoso.example -> admin (1h)",
      body: { contentType: "HTML", content: approvalHtml },
      toRecipients: [{ emailAddress: { address: "p01@contoso.example", name: "Priya Approver" } }],
      ccRecipients: [],
      internetMessageHeaders: [{ name: "x-jit-request-id", value: "42" }],
      ...overrides,
    },
    saveToSentItems: false,
  };
}

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => {
  emu.loadFixture(structuredClone(tenant));
});

function variant(change: { application?: string[]; delegated?: string[]; users?: (users: TenantFixture["users"]) => void }): TenantFixture {
  const fixture = structuredClone(tenant) as TenantFixture;
  const app = fixture.applications[0]!;
  if (change.application) app.applicationPermissions[graph] = change.application;
  if (change.delegated) app.delegatedPermissions[graph] = ["openid", "profile", "offline_access", "email", ...change.delegated];
  change.users?.(fixture.users);
  return fixture;
}

async function appClient() {
  return emu.graph(await emu.appToken("graph"));
}

async function graphError(request: Promise<unknown>): Promise<GraphError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("sendMail with an application token", () => {
  it("accepts the message with 202 and delivers it, HTML body intact, to the recipient's mailbox", async () => {
    const response = (await (await appClient()).api("/users/jit-bot@contoso.example/sendMail").responseType(ResponseType.RAW).post(sendMailBody())) as Response;
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
    const inbox = await emu.hooks.mail("p01@contoso.example");
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      from: { address: "jit-bot@contoso.example", name: "AKS JIT Access" },
      to: [{ address: "p01@contoso.example", name: "Priya Approver" }],
      subject: "[AKS JIT] Approval needed: n01@contoso.example -> admin (1h)",
      body: { contentType: "HTML", content: approvalHtml },
      headers: [{ name: "x-jit-request-id", value: "42" }],
    });
    expect(await emu.hooks.mail("p02@contoso.example")).toEqual([]);
  });

  it("resolves the sender by object id too, and delivers to cc and bcc recipients", async () => {
    await (await appClient())
      .api("/users/5e4d3c2b-0000-4000-8000-00000000c901/sendMail")
      .post(sendMailBody({ body: { contentType: "text", content: "plain" }, ccRecipients: [{ emailAddress: { address: "p02@contoso.example" } }], bccRecipients: [{ emailAddress: { address: "a01@contoso.example" } }] }));
    expect((await emu.hooks.mail("p02@contoso.example"))[0]?.body).toEqual({ contentType: "text", content: "plain" });
    expect(await emu.hooks.mail("a01@contoso.example")).toHaveLength(1);
  });

  it.each([
    ["no recipients", sendMailBody({ toRecipients: [] }), "ErrorInvalidRecipients"],
    ["an invalid address", sendMailBody({ toRecipients: [{ emailAddress: { address: "priya" } }] }), "ErrorInvalidRecipients"],
    ["an unknown body content type", sendMailBody({ body: { contentType: "Markdown", content: "# hi" } }), "RequestBodyRead"],
    ["a subject that is not a string", sendMailBody({ subject: 42 }), "RequestBodyRead"],
    ["a header without the x- prefix", sendMailBody({ internetMessageHeaders: [{ name: "Reply-To", value: "a@b.c" }] }), "InvalidInternetMessageHeader"],
    ["no message at all", { saveToSentItems: false }, "ErrorInvalidParameter"],
  ])("rejects %s with 400 and delivers nothing", async (_name, body, code) => {
    const error = await graphError((await appClient()).api("/users/jit-bot@contoso.example/sendMail").post(body));
    expect([error.statusCode, error.code]).toEqual([400, code]);
    expect(await emu.hooks.mail()).toEqual([]);
  });

  it("answers an unknown sender with 404 ErrorInvalidUser", async () => {
    const error = await graphError((await appClient()).api("/users/ghost@contoso.example/sendMail").post(sendMailBody()));
    expect([error.statusCode, error.code]).toEqual([404, "ErrorInvalidUser"]);
  });

  it("answers a sender without a mailbox with 400 MailboxNotEnabledForRESTAPI", async () => {
    emu.loadFixture(variant({ users: (users) => (users.find((u) => u.userPrincipalName === "jit-bot@contoso.example")!.mail = null) }));
    const error = await graphError((await appClient()).api("/users/jit-bot@contoso.example/sendMail").post(sendMailBody()));
    expect([error.statusCode, error.code]).toEqual([400, "MailboxNotEnabledForRESTAPI"]);
  });

  it("is denied to an app without Mail.Send", async () => {
    emu.loadFixture(variant({ application: ["User.ReadBasic.All", "GroupMember.Read.All"] }));
    const error = await graphError((await appClient()).api("/users/jit-bot@contoso.example/sendMail").post(sendMailBody()));
    expect([error.statusCode, error.code]).toEqual([403, "ErrorAccessDenied"]);
  });
});

describe("sendMail with a delegated token", () => {
  it("lets a user with Mail.Send send from their own mailbox, via /me or their own id", async () => {
    emu.loadFixture(variant({ delegated: ["User.Read", "Mail.Send"] }));
    const client = emu.graph((await emu.userToken("n01@contoso.example")).accessToken);
    await client.api("/me/sendMail").post(sendMailBody());
    await client.api("/users/n01@contoso.example/sendMail").post(sendMailBody());
    const inbox = await emu.hooks.mail("p01@contoso.example");
    expect(inbox.map((m) => m.from.address)).toEqual(["n01@contoso.example", "n01@contoso.example"]);
  });

  it("denies sending as another user with 403", async () => {
    emu.loadFixture(variant({ delegated: ["User.Read", "Mail.Send"] }));
    const client = emu.graph((await emu.userToken("n01@contoso.example")).accessToken);
    const error = await graphError(client.api("/users/jit-bot@contoso.example/sendMail").post(sendMailBody()));
    expect(error.statusCode).toBe(403);
    expect(await emu.hooks.mail()).toEqual([]);
  });

  it("denies a user token without Mail.Send", async () => {
    const client = emu.graph((await emu.userToken("n01@contoso.example")).accessToken);
    expect((await graphError(client.api("/me/sendMail").post(sendMailBody()))).statusCode).toBe(403);
  });
});
