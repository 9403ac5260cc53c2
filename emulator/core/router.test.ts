import { describe, expect, it } from "vitest";
import { collapsePath, EmulatorRouter, serviceForPath } from "./router";
import type { Handler } from "./types";

const h = (name: string): Handler => () => ({ status: 200, text: name });

function routed(router: EmulatorRouter, method: string, path: string) {
  const m = router.match(method, collapsePath(path));
  return m.kind === "found" ? { name: (m.handler({} as never) as { text: string }).text, params: m.params } : m;
}

describe("router", () => {
  it("collapses repeated slashes and drops a trailing slash", () => {
    expect(collapsePath("//subscriptions//abc/")).toBe("/subscriptions/abc");
    expect(collapsePath("/")).toBe("/");
  });

  it("classifies paths into services", () => {
    expect(serviceForPath("/v1.0/users")).toBe("graph");
    expect(serviceForPath("/subscriptions/x")).toBe("arm");
    expect(serviceForPath("/providers/Microsoft.Authorization/roleDefinitions")).toBe("arm");
    expect(serviceForPath("/_emulator/state")).toBe("emulator");
    expect(serviceForPath("/tid/oauth2/v2.0/token")).toBe("login");
  });

  it("captures :params URI-decoded and matches literals case-insensitively", () => {
    const r = new EmulatorRouter();
    r.add("graph", "GET", "/v1.0/users/:id", h("user"));
    expect(routed(r, "GET", "/v1.0/Users/n01%40contoso.example")).toEqual({ name: "user", params: { id: "n01@contoso.example" } });
  });

  it("prefers the most specific pattern regardless of registration order", () => {
    const r = new EmulatorRouter();
    r.add("graph", "GET", "/v1.0/groups/:id/members/:cast", h("cast"));
    r.add("graph", "GET", "/v1.0/groups/:id/members/$count", h("count"));
    expect(routed(r, "GET", "/v1.0/groups/g1/members/$count")).toMatchObject({ name: "count" });
    expect(routed(r, "GET", "/v1.0/groups/g1/members/microsoft.graph.user")).toMatchObject({ name: "cast", params: { cast: "microsoft.graph.user" } });
  });

  it("matches filterByCurrentUser(on='x') with or without quotes, also percent-encoded", () => {
    const r = new EmulatorRouter();
    r.add("graph", "GET", "/v1.0/requests/filterByCurrentUser(on=':on')", h("fbcu"));
    expect(routed(r, "GET", "/v1.0/requests/filterByCurrentUser(on='principal')")).toEqual({ name: "fbcu", params: { on: "principal" } });
    expect(routed(r, "GET", "/v1.0/requests/filterByCurrentUser(on=approver)")).toEqual({ name: "fbcu", params: { on: "approver" } });
    expect(routed(r, "GET", "/v1.0/requests/filterByCurrentUser(on=%27approver%27)")).toEqual({ name: "fbcu", params: { on: "approver" } });
  });

  it("uses RegExp routes with named groups after string routes", () => {
    const r = new EmulatorRouter();
    r.add("arm", "GET", /^\/(?<scope>.+)\/providers\/Microsoft\.Authorization\/roleAssignments$/i, h("ra"));
    expect(routed(r, "GET", "//subscriptions/s1/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments")).toEqual({
      name: "ra",
      params: { scope: "subscriptions/s1/resourceGroups/rg" },
    });
  });

  it("reports 405 with the allowed methods, and 404 when nothing matches", () => {
    const r = new EmulatorRouter();
    r.add("graph", "GET", "/v1.0/users", h("list"));
    r.add("graph", "POST", "/v1.0/users", h("create"));
    expect(r.match("DELETE", "/v1.0/users")).toEqual({ kind: "method-not-allowed", allow: ["GET", "POST"] });
    expect(r.match("GET", "/v1.0/nothing")).toEqual({ kind: "not-found" });
  });

  it("does not let a bare :param match an empty segment", () => {
    const r = new EmulatorRouter();
    r.add("graph", "GET", "/v1.0/users/:id/manager", h("mgr"));
    expect(r.match("GET", "/v1.0/users//manager")).toEqual({ kind: "not-found" });
  });
});
