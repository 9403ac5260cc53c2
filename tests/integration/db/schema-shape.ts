import type pg from "pg";
import type { DmmfDatamodel, DmmfDefault, DmmfField, DmmfModel } from "./prisma-dmmf";

/**
 * One comparable description of a database schema, built twice: from Prisma's DMMF (what `prisma migrate`
 * would create) and from the catalog of a migrated database. `compareShapes` lists every difference.
 */
export interface Column {
  /** As PostgreSQL's format_type() prints it, e.g. "timestamp(3) with time zone". */
  type: string;
  nullable: boolean;
  /** The default as pg_get_expr() prints it; sequences as "nextval(…)"; null when there is none. */
  default: string | null;
}

export interface Index {
  table: string;
  /** "column" or "column DESC", in key order. */
  columns: string[];
  unique: boolean;
  primary: boolean;
  /** A partial index's WHERE clause as pg_get_expr() prints it; null for a whole-table index. */
  predicate: string | null;
}

export interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface SchemaShape {
  tables: Record<string, Record<string, Column>>;
  enums: Record<string, string[]>;
  indexes: Record<string, Index>;
  foreignKeys: Record<string, ForeignKey>;
}

/**
 * Indexes the migrations create that schema.prisma cannot declare (Prisma has no partial indexes). Each is
 * explained in its migration and named in a comment on its model; listing it here is what lets the drift test
 * check it like the others instead of ignoring it.
 */
export const indexesBeyondPrisma: Record<string, Index> = {
  // 0007_audit_event_indexes: the auditor page's last verification.
  audit_events_verified_seq_idx: { table: "audit_events", columns: ["seq"], unique: false, primary: false, predicate: "(action = 'audit.verified'::text)" },
};

/** Tables that exist in a migrated database without being in schema.prisma. */
export const bookkeepingTables = ["_prisma_migrations"];

// ---- expected: from the DMMF -------------------------------------------------------------------------------

export function shapeFromDmmf(dm: DmmfDatamodel): SchemaShape {
  const enumDbName = new Map(dm.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const modelByName = new Map(dm.models.map((m) => [m.name, m]));
  const table = (m: DmmfModel) => m.dbName ?? m.name;
  const column = (m: DmmfModel, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName);
    if (!f) throw new Error(`${m.name}.${fieldName} is not a field`);
    return f.dbName ?? f.name;
  };

  const shape: SchemaShape = { tables: {}, enums: {}, indexes: {}, foreignKeys: {} };
  for (const e of dm.enums) shape.enums[e.dbName ?? e.name] = e.values.map((v) => v.dbName ?? v.name);

  for (const m of dm.models) {
    const columns: Record<string, Column> = {};
    for (const f of m.fields) {
      if (f.kind === "object") continue;
      columns[f.dbName ?? f.name] = {
        type: columnType(m, f, enumDbName),
        nullable: !f.isRequired,
        default: columnDefault(f, enumDbName),
      };
    }
    shape.tables[table(m)] = columns;

    for (const f of m.fields) {
      if (f.kind !== "object" || !f.relationFromFields?.length) continue;
      const target = modelByName.get(f.type);
      if (!target) throw new Error(`relation ${m.name}.${f.name} points at unknown model ${f.type}`);
      const columns = f.relationFromFields.map((n) => column(m, n));
      const allRequired = f.relationFromFields.every((n) => m.fields.find((x) => x.name === n)?.isRequired);
      shape.foreignKeys[constraintName(table(m), columns, "fkey")] = {
        table: table(m),
        columns,
        refTable: table(target),
        refColumns: (f.relationToFields ?? []).map((n) => column(target, n)),
        // Prisma's defaults: Restrict when the relation is required, SetNull when optional; Cascade on update.
        onDelete: f.relationOnDelete ?? (allRequired ? "Restrict" : "SetNull"),
        onUpdate: f.relationOnUpdate ?? "Cascade",
      };
    }
  }

  for (const ix of dm.indexes) {
    const m = modelByName.get(ix.model);
    if (!m) throw new Error(`index on unknown model ${ix.model}`);
    if (ix.type === "fulltext") throw new Error("fulltext indexes are not PostgreSQL: teach schema-shape.ts about them");
    const columns = ix.fields.map((f) => column(m, f.name));
    const suffix = ix.type === "id" ? "pkey" : ix.type === "unique" ? "key" : "idx";
    const name = ix.dbName ?? (ix.type === "id" ? `${table(m)}_pkey` : constraintName(table(m), columns, suffix));
    shape.indexes[name] = {
      table: table(m),
      columns: ix.fields.map((f, i) => `${columns[i]}${f.sortOrder === "desc" ? " DESC" : ""}`),
      unique: ix.type !== "normal",
      primary: ix.type === "id",
      predicate: null,
    };
  }
  Object.assign(shape.indexes, indexesBeyondPrisma);
  return shape;
}

/** Prisma's default constraint/index name, cut to PostgreSQL's 63-byte identifier limit keeping the suffix. */
function constraintName(table: string, columns: string[], suffix: string): string {
  const body = `${table}_${columns.join("_")}`;
  const max = 63 - suffix.length - 1;
  return `${body.length > max ? body.slice(0, max) : body}_${suffix}`;
}

function columnType(m: DmmfModel, f: DmmfField, enumDbName: Map<string, string>): string {
  const where = `${m.name}.${f.name}`;
  if (f.isList) throw new Error(`${where}: list columns are not mapped yet: teach schema-shape.ts`);
  if (f.kind === "enum") return enumDbName.get(f.type) ?? f.type;
  const [native, args = []] = f.nativeType ?? [];
  const key = native ? `${f.type}@${native}` : f.type;
  const precision = args[0] ?? "3";
  const mapped: Record<string, string> = {
    String: "text",
    "String@Text": "text",
    "String@Uuid": "uuid",
    "String@VarChar": `character varying(${args[0]})`,
    Int: "integer",
    BigInt: "bigint",
    Boolean: "boolean",
    Float: "double precision",
    Decimal: "numeric(65,30)",
    DateTime: "timestamp(3) without time zone",
    "DateTime@Timestamp": `timestamp(${precision}) without time zone`,
    "DateTime@Timestamptz": `timestamp(${precision}) with time zone`,
    Json: "jsonb",
    "Json@Json": "json",
    Bytes: "bytea",
  };
  const type = mapped[key];
  if (!type) throw new Error(`${where}: no PostgreSQL type known for ${key}: teach schema-shape.ts`);
  return type;
}

function columnDefault(f: DmmfField, enumDbName: Map<string, string>): string | null {
  const d: DmmfDefault | undefined = f.default;
  if (d === undefined) return null;
  if (typeof d === "object") {
    switch (d.name) {
      case "now":
        return "CURRENT_TIMESTAMP";
      case "autoincrement":
        return "nextval(…)";
      case "uuid":
      case "cuid":
      case "nanoid":
      case "ulid":
        return null; // generated by Prisma Client, not by the database
      default:
        throw new Error(`${f.name}: default ${d.name}() is not mapped yet: teach schema-shape.ts`);
    }
  }
  if (typeof d === "number" || typeof d === "boolean") return String(d);
  if (f.kind === "enum") return `'${d}'::${enumDbName.get(f.type) ?? f.type}`;
  if (f.type === "Json") return `'${d}'::${f.nativeType?.[0] === "Json" ? "json" : "jsonb"}`;
  return `'${d.replaceAll("'", "''")}'::text`;
}

// ---- actual: from the database catalog ---------------------------------------------------------------------

export async function shapeFromDatabase(client: pg.Client | pg.Pool): Promise<SchemaShape> {
  const shape: SchemaShape = { tables: {}, enums: {}, indexes: {}, foreignKeys: {} };

  const columns = await client.query<{ table: string; column: string; type: string; nullable: boolean; default: string | null }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  for (const r of columns.rows) {
    const def = r.default?.startsWith("nextval(") ? "nextval(…)" : r.default;
    (shape.tables[r.table] ??= {})[r.column] = { type: r.type, nullable: r.nullable, default: def };
  }

  const enums = await client.query<{ name: string; labels: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = current_schema() GROUP BY t.typname`);
  for (const r of enums.rows) shape.enums[r.name] = r.labels;

  const indexes = await client.query<{ name: string; table: string; columns: string[]; unique: boolean; primary: boolean; predicate: string | null }>(`
    SELECT i.relname AS name, t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
           pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
           array(SELECT pg_get_indexdef(ix.indexrelid, k + 1, true)
                        || CASE WHEN ix.indoption[k] & 1 = 1 THEN ' DESC' ELSE '' END
                 FROM generate_subscripts(ix.indkey, 1) AS k ORDER BY k) AS columns
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema()`);
  for (const r of indexes.rows) shape.indexes[r.name] = { table: r.table, columns: r.columns, unique: r.unique, primary: r.primary, predicate: r.predicate };

  const fks = await client.query<{ name: string; table: string; ref_table: string; columns: string[]; ref_columns: string[]; on_delete: string; on_update: string }>(`
    SELECT con.conname AS name, t.relname AS table, rt.relname AS ref_table,
           con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
           array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
           array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns
    FROM pg_constraint con
    JOIN pg_class t ON t.oid = con.conrelid
    JOIN pg_class rt ON rt.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE con.contype = 'f' AND n.nspname = current_schema()`);
  const action: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };
  for (const r of fks.rows) {
    shape.foreignKeys[r.name] = {
      table: r.table,
      columns: r.columns,
      refTable: r.ref_table,
      refColumns: r.ref_columns,
      onDelete: action[r.on_delete] ?? r.on_delete,
      onUpdate: action[r.on_update] ?? r.on_update,
    };
  }
  return shape;
}

/** Removes the migration runner's own table (and its index) so the comparison is about schema.prisma only. */
export function withoutBookkeeping(shape: SchemaShape): SchemaShape {
  const tables = Object.fromEntries(Object.entries(shape.tables).filter(([t]) => !bookkeepingTables.includes(t)));
  const indexes = Object.fromEntries(Object.entries(shape.indexes).filter(([, ix]) => !bookkeepingTables.includes(ix.table)));
  return { ...shape, tables, indexes };
}

// ---- comparison --------------------------------------------------------------------------------------------

/** Every difference between what schema.prisma describes and what the database has, one readable line each. */
export function compareShapes(expected: SchemaShape, actual: SchemaShape): string[] {
  const problems: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

  for (const t of keys(expected.tables, actual.tables)) {
    const want = expected.tables[t];
    const have = actual.tables[t];
    if (!have) problems.push(`table ${t}: missing in the database`);
    else if (!want) problems.push(`table ${t}: in the database but not in schema.prisma`);
    else {
      for (const c of keys(want, have)) {
        const w = want[c];
        const h = have[c];
        if (!h) problems.push(`column ${t}.${c}: missing in the database`);
        else if (!w) problems.push(`column ${t}.${c}: in the database but not in schema.prisma`);
        else {
          if (w.type !== h.type) problems.push(`column ${t}.${c}: type is ${h.type}, schema.prisma says ${w.type}`);
          if (w.nullable !== h.nullable) {
            problems.push(`column ${t}.${c}: is ${h.nullable ? "NULL" : "NOT NULL"}, schema.prisma says ${w.nullable ? "optional" : "required"}`);
          }
          if (w.default !== h.default) problems.push(`column ${t}.${c}: default is ${h.default ?? "none"}, schema.prisma implies ${w.default ?? "none"}`);
        }
      }
    }
  }
  for (const e of keys(expected.enums, actual.enums)) {
    const w = expected.enums[e];
    const h = actual.enums[e];
    if (!h) problems.push(`enum ${e}: missing in the database`);
    else if (!w) problems.push(`enum ${e}: in the database but not in schema.prisma`);
    else if (!same(w, h)) problems.push(`enum ${e}: values are (${h.join(", ")}), schema.prisma says (${w.join(", ")})`);
  }
  for (const [kind, want, have] of [
    ["index", expected.indexes, actual.indexes],
    ["foreign key", expected.foreignKeys, actual.foreignKeys],
  ] as const) {
    for (const name of keys(want, have)) {
      const w = want[name];
      const h = have[name];
      if (!h) problems.push(`${kind} ${name}: missing in the database`);
      else if (!w) problems.push(`${kind} ${name}: in the database but not in schema.prisma`);
      else if (!same(w, h)) problems.push(`${kind} ${name}: is ${JSON.stringify(h)}, schema.prisma says ${JSON.stringify(w)}`);
    }
  }
  return problems;
}

function keys(a: object, b: object): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}
