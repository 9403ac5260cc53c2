import { describe, expect, it } from "vitest";
import { FaultInjector } from "./faults";

describe("FaultInjector", () => {
  it("fires by method and path regex and disappears after count hits", () => {
    const faults = new FaultInjector();
    faults.add({ method: "post", path: "^/v1\\.0/users", kind: "429", count: 2 });
    expect(faults.take("GET", "/v1.0/users")).toBeUndefined();
    expect(faults.take("POST", "/v1.0/users/x")?.kind).toBe("429");
    expect(faults.take("POST", "/v1.0/users/x")?.hits).toBe(2);
    expect(faults.take("POST", "/v1.0/users/x")).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it("fires only for the given percentage of requests", () => {
    const rolls = [0.1, 0.9];
    const faults = new FaultInjector(() => rolls.shift() ?? 0);
    faults.add({ path: ".*", kind: "503", percent: 50 });
    expect(faults.take("GET", "/a")).toBeDefined();
    expect(faults.take("GET", "/a")).toBeUndefined();
  });
});
