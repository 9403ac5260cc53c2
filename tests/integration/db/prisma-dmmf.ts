import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * Prisma's own parse of schema.prisma (the DMMF datamodel), so the drift test never keeps a second copy of
 * the schema. Neither @prisma/internals nor @prisma/prisma-schema-wasm is installed; the Prisma CLI is, and
 * it hands the DMMF to every generator. We run `prisma generate` on a temporary copy of the schema with one
 * extra generator (dmmf-dump-generator.mjs) that writes it to a file. Takes about 2 s.
 */

export type DmmfDefault = string | number | boolean | { name: string; args: unknown[] };

export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUpdatedAt: boolean;
  nativeType?: [string, string[]] | null;
  default?: DmmfDefault;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  schema: string | null;
  fields: DmmfField[];
}

export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName: string | null }[];
}

export interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  fields: { name: string; sortOrder?: "asc" | "desc" }[];
}

export interface DmmfDatamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const generatorScript = path.join(import.meta.dirname, "dmmf-dump-generator.mjs");
const prismaCli = path.join(repoRoot, "node_modules/prisma/build/index.js");

export async function loadDmmf(schemaPath = path.join(repoRoot, "prisma/schema.prisma")): Promise<DmmfDatamodel> {
  const dir = await mkdtemp(path.join(tmpdir(), "jit-dmmf-"));
  try {
    const schema = await readFile(schemaPath, "utf8");
    const generator = [
      "generator dmmf_dump {",
      `  provider = ${JSON.stringify(`${process.execPath} ${generatorScript}`)}`,
      `  output   = ${JSON.stringify(dir)}`,
      "}",
    ].join("\n");
    const tempSchema = path.join(dir, "schema.prisma");
    await writeFile(tempSchema, `${schema}\n${generator}\n`);
    // --generator runs only ours: the app's client generator must not write anywhere from here.
    await promisify(execFile)(process.execPath, [prismaCli, "generate", "--schema", tempSchema, "--generator", "dmmf_dump"], {
      cwd: repoRoot,
      timeout: 60_000,
    });
    return JSON.parse(await readFile(path.join(dir, "dmmf.json"), "utf8")) as DmmfDatamodel;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
