import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envVariableNames } from "@/lib/env";

const doc = readFileSync(path.resolve(import.meta.dirname, "..", "..", "..", "docs", "configuration.md"), "utf8");

describe("docs/configuration.md", () => {
  it("documents every variable lib/env.ts reads, in the variables table", () => {
    const documented = new Set([...doc.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
    expect(envVariableNames().filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => name && !envVariableNames().includes(name))).toEqual([]);
  });
});
