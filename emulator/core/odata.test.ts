import { describe, expect, it } from "vitest";
import { applyQuery, collection, contextUrl, findExpand, parseODataQuery, requiredEqualities, selectProperties, type ParseQueryOptions } from "./odata";
import { GraphError } from "./types";

const base = "https://localhost:8443";
const users = [
  { "@odata.type": "#microsoft.graph.user", id: "5e4d3c2b-0000-4000-8000-00000000c001", displayName: "Nora", mail: "n01@contoso.example", accountEnabled: true, jobTitle: "Engineer" },
  { "@odata.type": "#microsoft.graph.user", id: "5e4d3c2b-0000-4000-8000-00000000c002", displayName: "nils", mail: null, accountEnabled: false, jobTitle: null },
  { "@odata.type": "#microsoft.graph.user", id: "5e4d3c2b-0000-4000-8000-00000000c101", displayName: "Priya", mail: "p01@contoso.example", accountEnabled: true, jobTitle: "Manager" },
];

function url(pathAndQuery: string): URL {
  return new URL(`${base}${pathAndQuery}`);
}

function parse(pathAndQuery: string, options: Partial<ParseQueryOptions> = {}) {
  return parseODataQuery(url(pathAndQuery), { style: "directory", ...options });
}

function errorOf(fn: () => unknown): GraphError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected a GraphError");
}

function filterIds(filter: string): string[] {
  const query = parse(`/v1.0/users?$filter=${encodeURIComponent(filter)}`);
  return applyQuery(users, query).map((u) => u.id.slice(-4));
}

describe("$filter", () => {
  it("matches eq on strings case-insensitively and on quoted GUIDs", () => {
    expect(filterIds("displayName eq 'NORA'")).toEqual(["c001"]);
    expect(filterIds("id eq '5E4D3C2B-0000-4000-8000-00000000C101'")).toEqual(["c101"]);
  });

  it("accepts unquoted GUID literals", () => {
    expect(filterIds("id eq 5e4d3c2b-0000-4000-8000-00000000c002")).toEqual(["c002"]);
  });

  it("supports ne, booleans and eq null", () => {
    expect(filterIds("accountEnabled eq true")).toEqual(["c001", "c101"]);
    expect(filterIds("accountEnabled ne true")).toEqual(["c002"]);
    expect(filterIds("mail eq null")).toEqual(["c002"]);
    expect(filterIds("jobTitle ne null")).toEqual(["c001", "c101"]);
  });

  it("supports and, or, not and parentheses with and binding tighter than or", () => {
    expect(filterIds("displayName eq 'nora' or displayName eq 'priya' and accountEnabled eq false")).toEqual(["c001"]);
    expect(filterIds("(displayName eq 'nora' or displayName eq 'priya') and accountEnabled eq true")).toEqual(["c001", "c101"]);
    expect(filterIds("not (accountEnabled eq true)")).toEqual(["c002"]);
  });

  it("supports in and startswith", () => {
    expect(filterIds("displayName in ('nils', 'Priya')")).toEqual(["c002", "c101"]);
    expect(filterIds("startswith(mail,'P0')")).toEqual(["c101"]);
  });

  it("handles doubled quotes inside string literals", () => {
    const rows = [{ id: "1", name: "O'Brien" }, { id: "2", name: "Other" }];
    const query = parse(`/v1.0/users?$filter=${encodeURIComponent("name eq 'O''Brien'")}`);
    expect(applyQuery(rows, query).map((r) => r.id)).toEqual(["1"]);
  });

  it("reads nested property paths", () => {
    const rows = [{ id: "1", createdBy: { user: { id: "u1" } } }, { id: "2", createdBy: { application: { id: "a1" } } }];
    const query = parse(`/v1.0/x?$filter=${encodeURIComponent("createdBy/user/id eq 'u1'")}`, { style: "pim" });
    expect(applyQuery(rows, query).map((r) => r.id)).toEqual(["1"]);
  });

  it.each([
    "displayName gt 'a'",
    "endswith(mail,'x')",
    "displayName eq",
    "displayName eq 'unterminated",
    "(displayName eq 'a'",
    "proxyAddresses/any(x:x eq 'a')",
    "displayName eq 'a' and",
    "'a' eq displayName",
    "",
  ])("rejects %j with a 400 naming the clause, never a crash", (filter) => {
    const error = errorOf(() => parse(`/v1.0/users?$filter=${encodeURIComponent(filter)}`));
    expect(error.status).toBe(400);
    expect(error.code).toBe("Request_UnsupportedQuery");
    expect(error.message).toMatch(/^Invalid filter clause/);
  });

  it("uses BadRequest for pim-style endpoints", () => {
    const error = errorOf(() => parse("/v1.0/x?$filter=status gt 1", { style: "pim" }));
    expect(error.code).toBe("BadRequest");
  });

  it("rejects properties outside the filterable list", () => {
    const error = errorOf(() => parse(`/v1.0/x?$filter=${encodeURIComponent("secret eq 'a'")}`, { style: "pim", filterable: ["groupId"] }));
    expect(error.status).toBe(400);
    expect(error.message).toContain("secret");
    expect(() => parse(`/v1.0/x?$filter=${encodeURIComponent("GROUPID eq 'a'")}`, { style: "pim", filterable: ["groupId"] })).not.toThrow();
  });

  it("exposes the required equalities of a top-level and chain", () => {
    const query = parse(`/v1.0/x?$filter=${encodeURIComponent("groupId eq 'g' and (principalId eq 'p' or status eq 's') and accessId eq 'member'")}`);
    expect(Object.fromEntries(requiredEqualities(query.filter))).toEqual({ groupid: "g", accessid: "member" });
  });
});

describe("$select", () => {
  it("projects the selected properties and keeps id and @odata.type", () => {
    const query = parse("/v1.0/users?$select=MAIL,displayName", { selectable: ["id", "displayName", "mail"] });
    expect(selectProperties(users[0]!, query.select)).toEqual({
      "@odata.type": "#microsoft.graph.user",
      id: users[0]!.id,
      mail: "n01@contoso.example",
      displayName: "Nora",
    });
  });

  it("rejects unknown properties with Request_BadRequest naming the type", () => {
    const error = errorOf(() => parse("/v1.0/users?$select=id,shoeSize", { selectable: ["id"], entityType: "microsoft.graph.user" }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("Request_BadRequest");
    expect(error.message).toBe("Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
  });

  it("changes @odata.context to the projected form", () => {
    const query = parse("/v1.0/users?$select=id,mail");
    const result = collection(users, query, { request: { url: url("/v1.0/users?$select=id,mail"), baseUrl: base }, entitySet: "users", pageSize: 100 });
    expect(result["@odata.context"]).toBe(`${base}/v1.0/$metadata#users(id,mail)`);
  });

  it("builds single-entity contexts", () => {
    const request = { url: url("/v1.0/me"), baseUrl: base };
    expect(contextUrl(request, "users", undefined, true)).toBe(`${base}/v1.0/$metadata#users/$entity`);
    expect(contextUrl(request, "users", ["id", "mail"], true)).toBe(`${base}/v1.0/$metadata#users(id,mail)/$entity`);
  });
});

describe("$top, $count and paging", () => {
  it.each(["0", "1000", "-1", "abc", "2.5"])("rejects $top=%s", (top) => {
    const error = errorOf(() => parse(`/v1.0/users?$top=${top}`));
    expect(error.status).toBe(400);
    expect(error.message).toContain("Must be between 1 and 999");
  });

  it("accepts $top at the bounds", () => {
    expect(parse("/v1.0/users?$top=1").top).toBe(1);
    expect(parse("/v1.0/users?$top=999").top).toBe(999);
  });

  it("rejects a repeated option", () => {
    expect(errorOf(() => parse("/v1.0/users?$top=1&$TOP=2")).status).toBe(400);
  });

  it("ignores unknown query parameters", () => {
    const query = parse("/v1.0/users?foo=bar&$unknown=1&api-version=2");
    expect(query).toMatchObject({ select: undefined, filter: undefined, top: undefined, offset: 0, count: false });
  });

  it("walks every item exactly once by following absolute nextLinks, and omits nextLink on the last page", () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: `id-${i}` }));
    let link: string | undefined = `${base}/v1.0/groups/g/transitiveMembers/microsoft.graph.user?$select=id&$top=3&$count=true`;
    const seen: string[] = [];
    const links: string[] = [];
    while (link) {
      const request = { url: new URL(link), baseUrl: base };
      const result = collection(rows, parseODataQuery(request.url, { style: "directory" }), { request, entitySet: "users", pageSize: 100 });
      expect(result["@odata.count"]).toBe(7);
      seen.push(...result.value.map((v) => String(v.id)));
      link = result["@odata.nextLink"];
      if (link) links.push(link);
    }
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(links).toHaveLength(2);
    for (const l of links) expect(l).toMatch(/^https:\/\/localhost:8443\/v1\.0\/groups\/g\/transitiveMembers\/microsoft\.graph\.user\?\$select=id&\$top=3&\$count=true&\$skiptoken=[\w-]+$/);
  });

  it("accepts a token when the client reorders the query options (graph-client re-serialises nextLinks)", () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: `id-${i}` }));
    const first = url("/v1.0/users?$top=2&$select=id");
    const next = collection(rows, parseODataQuery(first, { style: "directory" }), { request: { url: first, baseUrl: base }, entitySet: "users", pageSize: 100 })["@odata.nextLink"];
    const token = new URL(next!).searchParams.get("$skiptoken");
    const reordered = url(`/v1.0/users?$select=id&$skiptoken=${token}&$top=2`);
    expect(parseODataQuery(reordered, { style: "directory" }).offset).toBe(2);
  });

  it("rejects a tampered token or one replayed against another query", () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: `id-${i}` }));
    const first = url("/v1.0/users?$top=2");
    const next = collection(rows, parseODataQuery(first, { style: "directory" }), { request: { url: first, baseUrl: base }, entitySet: "users", pageSize: 100 })["@odata.nextLink"]!;
    const token = new URL(next).searchParams.get("$skiptoken")!;
    const decoded = JSON.parse(Buffer.from(token, "base64url").toString()) as { o: number; h: string };
    const forged = Buffer.from(JSON.stringify({ ...decoded, o: 4 })).toString("base64url");
    for (const bad of [`/v1.0/users?$top=2&$skiptoken=${forged}`, `/v1.0/users?$top=3&$skiptoken=${token}`, `/v1.0/groups?$top=2&$skiptoken=${token}`, "/v1.0/users?$skiptoken=garbage"]) {
      const error = errorOf(() => parse(bad));
      expect(error.status).toBe(400);
      expect(error.code).toBe("Directory_ExpiredPageToken");
    }
  });

  it("returns an empty last page for an offset past the end", () => {
    const first = url("/v1.0/users?$top=2");
    const rows = [{ id: "a" }, { id: "b" }, { id: "c" }];
    const next = collection(rows, parseODataQuery(first, { style: "directory" }), { request: { url: first, baseUrl: base }, entitySet: "users", pageSize: 100 })["@odata.nextLink"]!;
    const second = collection(rows.slice(0, 2), parseODataQuery(new URL(next), { style: "directory" }), { request: { url: new URL(next), baseUrl: base }, entitySet: "users", pageSize: 100 });
    expect(second.value).toEqual([]);
    expect(second["@odata.nextLink"]).toBeUndefined();
  });

  it("uses the default page size without $top and rejects bad $count values", () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({ id: String(i) }));
    const request = { url: url("/v1.0/users"), baseUrl: base };
    const result = collection(rows, parseODataQuery(request.url, { style: "directory" }), { request, entitySet: "users", pageSize: 100 });
    expect(result.value).toHaveLength(100);
    expect(result["@odata.nextLink"]).toBeDefined();
    expect(result["@odata.count"]).toBeUndefined();
    expect(errorOf(() => parse("/v1.0/users?$count=yes")).status).toBe(400);
  });
});

describe("$orderby", () => {
  it("sorts ascending by default and descending on request, nulls first ascending", () => {
    expect(applyQuery(users, parse("/v1.0/users?$orderby=displayName")).map((u) => u.displayName)).toEqual(["nils", "Nora", "Priya"]);
    expect(applyQuery(users, parse("/v1.0/users?$orderby=displayName desc")).map((u) => u.displayName)).toEqual(["Priya", "Nora", "nils"]);
    expect(applyQuery(users, parse("/v1.0/users?$orderby=jobTitle asc")).map((u) => u.jobTitle)).toEqual([null, "Engineer", "Manager"]);
  });

  it("rejects malformed clauses and unknown properties", () => {
    expect(errorOf(() => parse("/v1.0/users?$orderby=displayName sideways")).status).toBe(400);
    expect(errorOf(() => parse("/v1.0/users?$orderby=shoeSize", { selectable: ["id"] })).status).toBe(400);
  });
});

describe("$expand", () => {
  it("parses nested options into a tree", () => {
    const query = parse(`/v1.0/x?$expand=${encodeURIComponent("policy($expand=rules($select=id,ruleType)),stages($filter=status eq 'InProgress';$top=5)")}`, { style: "pim" });
    const policy = findExpand(query.expand, "POLICY");
    expect(policy?.expand.map((e) => e.name)).toEqual(["rules"]);
    expect(policy?.expand[0]?.select).toEqual(["id", "ruleType"]);
    const stages = findExpand(query.expand, "stages");
    expect(stages?.options).toEqual({ $filter: "status eq 'InProgress'", $top: "5" });
    expect(stages?.filter).toEqual({ kind: "compare", op: "eq", path: "status", value: "InProgress" });
  });

  it("parses plain lists", () => {
    expect(parse("/v1.0/x?$expand=group,principal", { style: "pim" }).expand.map((e) => e.name)).toEqual(["group", "principal"]);
  });

  it("rejects unbalanced text and navigation properties outside the expandable list", () => {
    expect(errorOf(() => parse("/v1.0/x?$expand=policy($expand=rules", { style: "pim" })).code).toBe("BadRequest");
    expect(errorOf(() => parse("/v1.0/x?$expand=owner", { style: "pim", expandable: ["group"] })).status).toBe(400);
  });
});
