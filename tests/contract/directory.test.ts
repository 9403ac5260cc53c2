/**
 * The emulated Graph directory endpoints (entra-graph-api.md §7) through the real graph-client over HTTPS,
 * with app-only and delegated tokens issued by the emulator through msal-node.
 */
import { GraphError, PageIterator, type PageCollection } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import tenant from "@/emulator/fixtures/tenant.json";
import type { TenantFixture } from "@/emulator/core/types";
import { startTestEmulator, type TestEmulator } from "../support/emulator";

const id = {
  n01: "5e4d3c2b-0000-4000-8000-00000000c001",
  n02: "5e4d3c2b-0000-4000-8000-00000000c002",
  p01: "5e4d3c2b-0000-4000-8000-00000000c101",
  p02: "5e4d3c2b-0000-4000-8000-00000000c102",
  o01: "5e4d3c2b-0000-4000-8000-00000000c201",
  a01: "5e4d3c2b-0000-4000-8000-00000000c301",
  defaultGroup: "9a8b7c6d-0000-4000-8000-00000000b000",
  admin: "9a8b7c6d-0000-4000-8000-00000000b001",
  approver: "9a8b7c6d-0000-4000-8000-00000000b002",
  auditors: "9a8b7c6d-0000-4000-8000-00000000b003",
};
const unknownId = "5e4d3c2b-0000-4000-8000-0000000000ff";
const graph = "https://graph.microsoft.com";

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

/** The seeded tenant with the app's consented permissions (and optionally groups) changed. */
function variant(change: { application?: string[]; delegated?: string[]; groups?: (groups: TenantFixture["groups"]) => void }): TenantFixture {
  const fixture = structuredClone(tenant) as TenantFixture;
  const app = fixture.applications[0]!;
  if (change.application) app.applicationPermissions[graph] = change.application;
  if (change.delegated) app.delegatedPermissions[graph] = ["openid", "profile", "offline_access", "email", ...change.delegated];
  change.groups?.(fixture.groups);
  return fixture;
}

/** The seeded app minus User.Read.All: only the basic user profile, as the least-privileged setup would have. */
const basicOnly = variant({
  application: (tenant.applications[0]!.applicationPermissions[graph]).filter((p) => p !== "User.Read.All"),
});

async function appClient() {
  return emu.graph(await emu.appToken("graph"));
}

async function userClient(upn: string) {
  return emu.graph((await emu.userToken(upn)).accessToken);
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

const context = (fragment: string) => `${emu.url}/v1.0/$metadata#${fragment}`;

describe("GET /users/{id|upn}", () => {
  it("returns the basic profile to an app holding User.ReadBasic.All, by id or by UPN", async () => {
    emu.loadFixture(basicOnly);
    const client = await appClient();
    const byId = (await client.api(`/users/${id.p01}`).get()) as Record<string, unknown>;
    expect(byId["@odata.context"]).toBe(context("users/$entity"));
    expect(byId).toMatchObject({ id: id.p01, displayName: "Priya Approver", mail: "p01@contoso.example", userPrincipalName: "p01@contoso.example" });
    // jobTitle is outside the basic set, so it has no value for a User.ReadBasic.All caller.
    expect(byId.jobTitle).toBeNull();
    const byUpn = (await client.api("/users/P01@contoso.example").get()) as Record<string, unknown>;
    expect(byUpn.id).toBe(id.p01);
  });

  it("shapes the response and its context by $select", async () => {
    const client = await appClient();
    const user = (await client.api(`/users/${id.n01}`).select(["id", "displayName", "mail"]).get()) as Record<string, unknown>;
    expect(user).toEqual({ "@odata.context": context("users(id,displayName,mail)/$entity"), id: id.n01, displayName: "Nora Requester", mail: "n01@contoso.example" });
  });

  it("shows full properties such as accountEnabled to a User.Read.All caller", async () => {
    emu.loadFixture(variant({ application: ["User.Read.All"] }));
    const user = (await (await appClient()).api(`/users/${id.n01}`).select("id,accountEnabled,jobTitle").get()) as Record<string, unknown>;
    expect(user).toMatchObject({ accountEnabled: true, jobTitle: "Platform Engineer" });
  });

  it("answers an unknown id with Graph's 404 shape and a request id", async () => {
    const error = await graphError((await appClient()).api(`/users/${unknownId}`).get());
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("Request_ResourceNotFound");
    expect(error.message).toBe(`Resource '${unknownId}' does not exist or one of its queried reference-property objects are not present.`);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects an unknown $select property with 400 Request_BadRequest", async () => {
    const error = await graphError((await appClient()).api(`/users/${id.n01}`).select("id,shoeSize").get());
    expect([error.statusCode, error.code]).toEqual([400, "Request_BadRequest"]);
  });

  it("lets a signed-in user with only User.Read read themselves but not others", async () => {
    const client = await userClient("n01@contoso.example");
    expect(((await client.api(`/users/${id.n01}`).get()) as { id: string }).id).toBe(id.n01);
    const error = await graphError(client.api(`/users/${id.p01}`).get());
    expect([error.statusCode, error.code, error.message]).toEqual([403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."]);
  });

  it("lets a delegated caller with User.ReadBasic.All read other users", async () => {
    emu.loadFixture(variant({ delegated: ["User.Read", "User.ReadBasic.All"] }));
    const user = (await (await userClient("n01@contoso.example")).api(`/users/${id.p01}`).get()) as Record<string, unknown>;
    expect(user.mail).toBe("p01@contoso.example");
  });
});

describe("GET /me", () => {
  it("returns the signed-in user's default profile", async () => {
    const me = (await (await userClient("n01@contoso.example")).api("/me").get()) as Record<string, unknown>;
    expect(me["@odata.context"]).toBe(context("users/$entity"));
    expect(Object.keys(me).sort()).toEqual(
      ["@odata.context", "businessPhones", "displayName", "givenName", "id", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName"].sort(),
    );
    expect(me).toMatchObject({ id: id.n01, jobTitle: "Platform Engineer", userPrincipalName: "n01@contoso.example" });
  });

  it("is rejected for app-only tokens, which have no signed-in user", async () => {
    const error = await graphError((await appClient()).api("/me").get());
    expect([error.statusCode, error.code]).toEqual([400, "BadRequest"]);
    expect(error.message).toContain("delegated authentication flow");
  });
});

describe("GET /groups/{id}", () => {
  it("returns the group to a GroupMember.Read.All caller", async () => {
    const group = (await (await appClient()).api(`/groups/${id.approver}`).get()) as Record<string, unknown>;
    expect(group).toMatchObject({ "@odata.context": context("groups/$entity"), id: id.approver, displayName: "approver", securityEnabled: true });
  });

  it("404s an unknown group and 400s an id that is not a GUID", async () => {
    const client = await appClient();
    expect((await graphError(client.api(`/groups/${unknownId}`).get())).statusCode).toBe(404);
    const bad = await graphError(client.api("/groups/not-a-guid").get());
    expect([bad.statusCode, bad.code]).toEqual([400, "Request_BadRequest"]);
  });

  it("is denied to a token without any group permission", async () => {
    const error = await graphError((await userClient("n01@contoso.example")).api(`/groups/${id.approver}`).get());
    expect([error.statusCode, error.code]).toEqual([403, "Authorization_RequestDenied"]);
  });
});

describe("group members, transitive members and owners", () => {
  /** approver ⊃ default ⊃ jit-auditors: five distinct users, p02 reachable twice. */
  const nested = variant({
    groups: (groups) => {
      groups.find((g) => g.id === id.approver)!.members!.push(id.defaultGroup);
      groups.find((g) => g.id === id.defaultGroup)!.members!.push(id.auditors);
    },
  });

  it("follows nextLinks of transitiveMembers/microsoft.graph.user with $top=2 to the end with PageIterator", async () => {
    emu.loadFixture(nested);
    const client = await appClient();
    const first = (await client
      .api(`/groups/${id.approver}/transitiveMembers/microsoft.graph.user`)
      .select("id,displayName,mail,userPrincipalName")
      .top(2)
      .get()) as PageCollection;
    expect(first["@odata.context"]).toBe(context("users(id,displayName,mail,userPrincipalName)"));
    expect(first["@odata.nextLink"]).toMatch(new RegExp(`^${emu.url.replace(/[.]/g, "\\.")}/v1\\.0/groups/`));
    expect(first.value).toHaveLength(2);
    const seen: Record<string, unknown>[] = [];
    await new PageIterator(client, first, (item: Record<string, unknown>) => {
      seen.push(item);
      return true;
    }).iterate();
    expect(seen.map((u) => u.id)).toEqual([id.p01, id.p02, id.n01, id.n02, id.a01]);
    expect(seen.every((u) => u["@odata.type"] === "#microsoft.graph.user" && typeof u.mail === "string")).toBe(true);
  });

  it("lists direct members of every type with @odata.type, and no nested ones", async () => {
    emu.loadFixture(nested);
    const page = (await (await appClient()).api(`/groups/${id.approver}/members`).get()) as PageCollection;
    expect(page["@odata.context"]).toBe(context("directoryObjects"));
    expect(page.value.map((m: { id: string; "@odata.type": string }) => [m.id, m["@odata.type"]])).toEqual([
      [id.p01, "#microsoft.graph.user"],
      [id.p02, "#microsoft.graph.user"],
      [id.defaultGroup, "#microsoft.graph.group"],
    ]);
  });

  it("lists owners as directoryObjects", async () => {
    const page = (await (await appClient()).api(`/groups/${id.approver}/owners`).select("id,displayName,userPrincipalName,mail").get()) as PageCollection;
    expect(page["@odata.context"]).toBe(context("directoryObjects(id,displayName,userPrincipalName,mail)"));
    expect(page.value).toEqual([{ "@odata.type": "#microsoft.graph.user", id: id.o01, displayName: "Olga Owner", userPrincipalName: "o01@contoso.example", mail: "o01@contoso.example" }]);
  });

  it("returns limited information (type and id only) when the caller cannot read users", async () => {
    emu.loadFixture(variant({ application: ["GroupMember.Read.All"] }));
    const page = (await (await appClient()).api(`/groups/${id.approver}/transitiveMembers/microsoft.graph.user`).select("id,displayName,mail").get()) as PageCollection;
    expect(page.value).toEqual([
      { "@odata.type": "#microsoft.graph.user", id: id.p01, displayName: null, mail: null },
      { "@odata.type": "#microsoft.graph.user", id: id.p02, displayName: null, mail: null },
    ]);
  });

  it("works for a delegated caller with GroupMember.Read.All", async () => {
    emu.loadFixture(variant({ delegated: ["User.Read", "User.ReadBasic.All", "GroupMember.Read.All"] }));
    const page = (await (await userClient("p01@contoso.example")).api(`/groups/${id.approver}/transitiveMembers`).get()) as PageCollection;
    expect(page.value.map((m: { id: string }) => m.id)).toEqual([id.p01, id.p02]);
  });

  it("denies members to an app without a group-member permission", async () => {
    emu.loadFixture(variant({ application: ["User.ReadBasic.All", "Mail.Send"] }));
    const error = await graphError((await appClient()).api(`/groups/${id.approver}/members`).get());
    expect([error.statusCode, error.code]).toEqual([403, "Authorization_RequestDenied"]);
  });

  it("rejects an unsupported type cast with 400 Request_UnsupportedQuery", async () => {
    const error = await graphError((await appClient()).api(`/groups/${id.approver}/transitiveMembers/microsoft.graph.printer`).get());
    expect([error.statusCode, error.code]).toEqual([400, "Request_UnsupportedQuery"]);
  });

  it("requires ConsistencyLevel: eventual for $filter, $orderby and $count", async () => {
    const client = await appClient();
    for (const request of [
      client.api(`/groups/${id.approver}/members`).filter("displayName eq 'Priya Approver'"),
      client.api(`/groups/${id.approver}/members`).orderby("displayName"),
      client.api(`/groups/${id.approver}/members`).count(true),
    ]) {
      const error = await graphError(request.get());
      expect([error.statusCode, error.code]).toEqual([400, "Request_UnsupportedQuery"]);
    }
  });

  it("filters, orders and counts with ConsistencyLevel: eventual", async () => {
    emu.loadFixture(nested);
    const page = (await (await appClient())
      .api(`/groups/${id.approver}/transitiveMembers/microsoft.graph.user`)
      .header("ConsistencyLevel", "eventual")
      .filter("startswith(displayName,'N') or userPrincipalName eq 'p02@contoso.example'")
      .orderby("displayName desc")
      .count(true)
      .select("displayName")
      .get()) as PageCollection;
    expect(page["@odata.count"]).toBe(3);
    expect(page.value.map((u: { displayName: string }) => u.displayName)).toEqual(["Paul Approver", "Nora Requester", "Nils Requester"]);
  });

  it("counts members through the $count segment only with ConsistencyLevel: eventual", async () => {
    const client = await appClient();
    const count = (await client.api(`/groups/${id.approver}/transitiveMembers/$count`).header("ConsistencyLevel", "eventual").get()) as string;
    expect(count).toBe("2");
    expect((await graphError(client.api(`/groups/${id.approver}/transitiveMembers/$count`).get())).statusCode).toBe(400);
  });

  it("answers an unsupported $filter with 400, never 500", async () => {
    const client = await appClient();
    for (const filter of ["displayName gt 'a'", "endswith(mail,'example')", "displayName eq", "mail eq 'unterminated"]) {
      const error = await graphError(client.api(`/groups/${id.approver}/members`).header("ConsistencyLevel", "eventual").filter(filter).get());
      expect(error.statusCode, filter).toBe(400);
      expect(error.code).toBe("Request_UnsupportedQuery");
    }
  });

  it("rejects a tampered $skiptoken", async () => {
    emu.loadFixture(nested);
    const client = await appClient();
    const first = (await client.api(`/groups/${id.approver}/transitiveMembers`).top(1).get()) as PageCollection;
    const tampered = first["@odata.nextLink"]!.replace(/\$skiptoken=([\w-]+)/, (_m, token: string) => `$skiptoken=${token.slice(0, -2)}AA`);
    expect((await graphError(client.api(tampered).get())).statusCode).toBe(400);
  });
});

describe("transitiveMemberOf", () => {
  it("lists the signed-in user's groups including nested ones, cast to groups", async () => {
    emu.loadFixture(variant({ groups: (groups) => groups.find((g) => g.id === id.approver)!.members!.push(id.defaultGroup) }));
    const page = (await (await userClient("n01@contoso.example")).api("/me/transitiveMemberOf/microsoft.graph.group").select("id,displayName").get()) as PageCollection;
    expect(page["@odata.context"]).toBe(context("groups(id,displayName)"));
    expect(page.value.map((g: { displayName: string }) => g.displayName)).toEqual(["default", "approver"]);
  });

  it("needs User.Read.All for app-only /users/{id}/transitiveMemberOf", async () => {
    emu.loadFixture(basicOnly);
    const error = await graphError((await appClient()).api(`/users/${id.p01}/transitiveMemberOf`).get());
    expect([error.statusCode, error.code]).toEqual([403, "Authorization_RequestDenied"]);
    emu.loadFixture(variant({ application: ["User.Read.All"] }));
    const page = (await (await appClient()).api(`/users/${id.p01}/transitiveMemberOf`).get()) as PageCollection;
    expect(page.value.map((g: { id: string }) => g.id)).toEqual([id.approver]);
  });

  it("is a 400 for /me with an app token", async () => {
    expect((await graphError((await appClient()).api("/me/transitiveMemberOf").get())).statusCode).toBe(400);
  });
});

describe("checkMemberGroups", () => {
  const readAll = variant({ application: ["User.Read.All", "GroupMember.Read.All"], delegated: ["User.Read", "User.ReadBasic.All", "GroupMember.Read.All"] });

  it("returns the subset of groups the user belongs to, transitively", async () => {
    const fixture = structuredClone(readAll);
    fixture.groups.find((g) => g.id === id.admin)!.members!.push(id.defaultGroup);
    emu.loadFixture(fixture);
    const result = (await (await appClient()).api(`/users/${id.n01}/checkMemberGroups`).post({ groupIds: [id.approver, id.admin, unknownId] })) as { "@odata.context": string; value: string[] };
    expect(result).toEqual({ "@odata.context": context("Collection(Edm.String)"), value: [id.admin] });
  });

  it("works for the signed-in user through /me", async () => {
    emu.loadFixture(readAll);
    const result = (await (await userClient("p02@contoso.example")).api("/me/checkMemberGroups").post({ groupIds: [id.approver, id.auditors] })) as { value: string[] };
    expect(result.value).toEqual([id.approver]);
  });

  it("rejects more than 20 group ids and ids that are not GUIDs", async () => {
    emu.loadFixture(readAll);
    const client = await appClient();
    const tooMany = Array.from({ length: 21 }, (_, i) => `9a8b7c6d-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const error = await graphError(client.api(`/users/${id.n01}/checkMemberGroups`).post({ groupIds: tooMany }));
    expect([error.statusCode, error.code]).toEqual([400, "Request_BadRequest"]);
    expect((await graphError(client.api(`/users/${id.n01}/checkMemberGroups`).post({ groupIds: ["approver"] }))).statusCode).toBe(400);
    const twenty = (await client.api(`/users/${id.n01}/checkMemberGroups`).post({ groupIds: tooMany.slice(0, 20) })) as { value: string[] };
    expect(twenty.value).toEqual([]);
  });

  it("needs User.Read.All as well as GroupMember.Read.All for app-only calls", async () => {
    emu.loadFixture(basicOnly);
    const error = await graphError((await appClient()).api(`/users/${id.n01}/checkMemberGroups`).post({ groupIds: [id.approver] }));
    expect([error.statusCode, error.code]).toEqual([403, "Authorization_RequestDenied"]);
  });

  it("404s an unknown user", async () => {
    emu.loadFixture(readAll);
    expect((await graphError((await appClient()).api(`/users/${unknownId}/checkMemberGroups`).post({ groupIds: [id.approver] }))).statusCode).toBe(404);
  });
});

describe("membership changes made through the directory service", () => {
  it("are visible in members and transitiveMemberOf at once", async () => {
    emu.loadFixture(variant({ application: ["User.Read.All", "GroupMember.Read.All"] }));
    emu.services.directory.addMember(id.admin, id.n01);
    const client = await appClient();
    const members = (await client.api(`/groups/${id.admin}/members`).get()) as PageCollection;
    expect(members.value.map((m: { id: string }) => m.id)).toEqual([id.n01]);
    const groups = (await client.api(`/users/${id.n01}/transitiveMemberOf/microsoft.graph.group`).get()) as PageCollection;
    expect(groups.value.map((g: { id: string }) => g.id)).toEqual([id.defaultGroup, id.admin]);
  });
});
