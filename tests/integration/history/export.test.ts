/**
 * The export: the whole filtered result (across many keyset batches, not one page), as RFC 4180 CSV that is
 * safe to open in a spreadsheet, or as JSON Lines — and every export is itself audited.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "@/lib/history/csv";
import { csvColumns, exportHistory, type ExportFormat } from "@/lib/history/export";
import { parseHistoryFilters, type HistoryFilters } from "@/lib/history/filters";
import { createTestDatabase, type TestDatabase } from "../../support/db";
import { buildDataset, expected, insertDataset, type KnownRequest } from "./dataset";

let t: TestDatabase;
const rows: KnownRequest[] = buildDataset(150);
const auditor = { id: "0000aaaa-0000-4000-8000-000000000099", displayName: "Ada Auditor" };

beforeAll(async () => {
  t = await createTestDatabase();
  await insertDataset(t.db, rows);
});
afterAll(async () => {
  await t?.stop();
});

function filters(query: string): HistoryFilters {
  const parsed = parseHistoryFilters(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.filters;
}

async function download(query: string, format: ExportFormat, batchSize = 40): Promise<string> {
  const out = exportHistory({ db: t.db, now: () => new Date("2026-03-04T10:00:00Z") }, { auditor, filters: filters(query), format, batchSize });
  return new Response(out.body).text();
}

/** A strict RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      i++;
    } else if (c === ",") {
      record.push(field);
      field = "";
      i++;
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 2;
    } else if (c === "\n" || c === "\r" || c === '"') {
      throw new Error(`not RFC 4180 at offset ${i}: bare ${JSON.stringify(c)}`);
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || record.length) throw new Error("last record does not end in CRLF");
  return records;
}

async function lastExportEvent() {
  const e = await t.db.auditEvent.findFirst({ where: { action: "audit.exported" }, orderBy: { seq: "desc" } });
  return e && { actorId: e.actorId, data: e.data };
}

describe("CSV export", () => {
  it("contains every matching row, in order, across many batches, under a header", async () => {
    const query = "status=expired,denied,active,canceled,failed&sort=asc";
    const records = parseCsv(await download(query, "csv"));
    expect(records[0]).toEqual([...csvColumns]);
    const want = expected(rows, filters(query));
    expect(want.length).toBeGreaterThan(50); // more than one page of the UI
    expect(records.slice(1).map((r) => r[1])).toEqual(want.map((r) => r.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of records.slice(1)) {
      const known = byId.get(r[1]!)!;
      expect(r[2]).toBe(known.status);
      expect(r[3]).toBe(known.submittedAt.toISOString());
      expect(r[4]).toBe(known.targetId);
    }
  });

  it("exports everything when no filter is set", async () => {
    const records = parseCsv(await download("", "csv", 1000));
    expect(records).toHaveLength(rows.length + 1);
  });

  it("quotes commas, quotes and line breaks, and defuses formulas", async () => {
    const records = parseCsv(await download("q=for service 1", "csv"));
    expect(records.length).toBeGreaterThan(1);
    const all = parseCsv(await download("", "csv", 1000));
    const justification = new Map(all.slice(1).map((r) => [r[1], r[10]]));
    const row = (i: number) => justification.get(rows[i]!.id);
    expect(row(17)).toBe('progress 100%_done, "quoted", with comma\nand a second line');
    expect(row(18)).toBe("'=HYPERLINK(\"http://evil.example\",\"click\")");
    expect(row(19)).toBe("'+1 more node");
    expect(row(20)).toBe("'-2 replicas");
    expect(row(21)).toBe("'@SUM(A1:A2) on duty");
  });

  it("escapes single cells as RFC 4180 says", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("line\r\nbreak")).toBe('"line\r\nbreak"');
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("=a,b")).toBe(`"'=a,b"`);
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("records the export with its filters and row count", async () => {
    const query = "target=t-beta&q=service";
    const records = parseCsv(await download(query, "csv"));
    expect(await lastExportEvent()).toEqual({
      actorId: auditor.id,
      data: { format: "csv", count: records.length - 1, filters: { target: "t-beta", q: "service" }, complete: true },
    });
    expect(records.length - 1).toBe(expected(rows, filters(query)).length);
  });
});

describe("JSON Lines export", () => {
  it("has one JSON object per matching row, with the CSV's fields and every decision", async () => {
    const query = "requester=ria.one@contoso.example";
    const text = await download(query, "jsonl", 7);
    type Line = { id: string; number: number; submitted_at: string; requester_upn: string; decisions: { approver_id: string; kind: string; is_final: boolean }[] };
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l) as Line);
    const want = expected(rows, filters(query));
    expect(lines.map((l) => l.id)).toEqual(want.map((r) => r.id));
    expect(Object.keys(lines[0]!).filter((k) => k !== "decisions")).toEqual(csvColumns.filter((c) => c !== "decided_by" && c !== "decision"));
    expect(lines[0]?.requester_upn).toBe("ria.one@contoso.example");
    expect(typeof lines[0]?.number).toBe("number");
    expect(lines[0]?.submitted_at).toBe(want[0]!.submittedAt.toISOString());
    const decided = lines.find((l) => l.decisions.length > 0)!;
    const known = rows.find((r) => r.id === decided.id)!;
    expect(decided.decisions.map((d) => d.approver_id)).toEqual(known.deciders);
    expect(decided.decisions.at(-1)?.is_final).toBe(true);
    expect(await lastExportEvent()).toMatchObject({ data: { format: "jsonl", count: lines.length, complete: true } });
  });

  it("writes each line exactly as JSON.stringify would, also for text with quotes, line breaks and formulas", async () => {
    const raw = (await download("", "jsonl", 9)).trimEnd().split("\n");
    expect(raw.length).toBe(expected(rows, filters("")).length);
    for (const line of raw) expect(JSON.stringify(JSON.parse(line))).toBe(line);
    const justifications = raw.map((l) => (JSON.parse(l) as { justification: string }).justification);
    expect(justifications).toContain('progress 100%_done, "quoted", with comma\nand a second line');
    expect(justifications).toContain('=HYPERLINK("http://evil.example","click")');
    expect(justifications).toContain("Ünïcode 😀 with a\ttab and a back\\slash");
  });
});

describe("an interrupted export", () => {
  it("is audited as incomplete with the rows sent so far", async () => {
    const out = exportHistory({ db: t.db, now: () => new Date() }, { auditor, filters: filters(""), format: "jsonl", batchSize: 10 });
    const reader = out.body.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
    const event = await lastExportEvent();
    expect(event?.data).toMatchObject({ format: "jsonl", complete: false });
    const count = (event?.data as { count: number }).count;
    expect(count).toBeGreaterThanOrEqual(10);
    expect(count).toBeLessThan(rows.length);
  });

  it("names the file after the day and the format", async () => {
    const out = exportHistory({ db: t.db, now: () => new Date("2026-03-04T23:59:00Z") }, { auditor, filters: filters(""), format: "csv" });
    expect(out.filename).toBe("jit-access-history-2026-03-04.csv");
    expect(out.contentType).toMatch(/^text\/csv; charset=utf-8/);
    await out.body.cancel();
  });
});
