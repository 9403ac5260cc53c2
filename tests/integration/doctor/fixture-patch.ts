/**
 * Misconfigured tenants for the setup check: each file in emulator/fixtures/misconfigured/ is the seeded tenant
 * (emulator/fixtures/tenant.json) plus a small JSON Patch (RFC 6902: add / remove / replace / test). Paths into
 * arrays use indices, so every patch first `test`s the element it changes: if the seed is reordered the patch
 * fails loudly instead of breaking the wrong thing. See emulator/fixtures/misconfigured/README.md.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { TenantFixture } from "@/emulator/core/types";
import { repoRoot } from "../../support/emulator";

export type PatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string };

export interface MisconfiguredTenant {
  description: string;
  patch: PatchOperation[];
}

export const misconfiguredDir = path.join(repoRoot, "emulator", "fixtures", "misconfigured");

export function seededTenant(): TenantFixture {
  return JSON.parse(readFileSync(path.join(repoRoot, "emulator", "fixtures", "tenant.json"), "utf8")) as TenantFixture;
}

const unescape = (token: string) => token.replace(/~1/g, "/").replace(/~0/g, "~");

type Container = Record<string, unknown> | unknown[];

function resolveParent(doc: unknown, pointer: string): { parent: Container; key: string } {
  if (!pointer.startsWith("/")) throw new Error(`JSON pointer must start with "/": ${pointer}`);
  const tokens = pointer.slice(1).split("/").map(unescape);
  const key = tokens.pop() ?? "";
  let node: unknown = doc;
  for (const t of tokens) {
    if (node === null || typeof node !== "object") throw new Error(`path ${pointer} does not exist (at "${t}")`);
    node = Array.isArray(node) ? node[Number(t)] : (node as Record<string, unknown>)[t];
  }
  if (node === null || typeof node !== "object") throw new Error(`path ${pointer} does not exist`);
  return { parent: node as Container, key };
}

function index(array: unknown[], key: string, pointer: string, allowEnd: boolean): number {
  if (key === "-" && allowEnd) return array.length;
  const i = Number(key);
  if (!Number.isInteger(i) || i < 0 || i > array.length || (i === array.length && !allowEnd)) throw new Error(`bad array index in ${pointer}`);
  return i;
}

/** Applies the operations to a copy of `doc`. */
export function applyPatch<T>(doc: T, operations: readonly PatchOperation[]): T {
  const out = structuredClone(doc);
  for (const op of operations) {
    const { parent, key } = resolveParent(out, op.path);
    if (Array.isArray(parent)) {
      if (op.op === "add") parent.splice(index(parent, key, op.path, true), 0, op.value);
      else if (op.op === "remove") parent.splice(index(parent, key, op.path, false), 1);
      else if (op.op === "replace") parent[index(parent, key, op.path, false)] = op.value;
      else if (!isDeepStrictEqual(parent[index(parent, key, op.path, false)], op.value)) throw new Error(`test failed at ${op.path}`);
      continue;
    }
    const has = Object.hasOwn(parent, key);
    if (op.op === "add") parent[key] = op.value;
    else if (op.op === "remove" || op.op === "replace") {
      if (!has) throw new Error(`path ${op.path} does not exist`);
      if (op.op === "remove") delete parent[key];
      else parent[key] = op.value;
    } else if (!isDeepStrictEqual(parent[key], op.value)) throw new Error(`test failed at ${op.path}: found ${JSON.stringify(parent[key])}`);
  }
  return out;
}

export function misconfiguredNames(): string[] {
  return readdirSync(misconfiguredDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
}

/** The seeded tenant with emulator/fixtures/misconfigured/<name>.json applied. */
export function misconfiguredTenant(name: string): TenantFixture {
  const file = JSON.parse(readFileSync(path.join(misconfiguredDir, `${name}.json`), "utf8")) as MisconfiguredTenant;
  return applyPatch(seededTenant(), file.patch);
}
