/** The report as plain text for a terminal (`npm run doctor`): ✔ pass, ! warning, ✘ failure, remedies indented. */
import type { CheckResult, DoctorReport } from "./types";

const mark = { pass: "✔", warn: "!", fail: "✘" } as const;

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}

function formatResult(r: CheckResult): string {
  const lines = [`${mark[r.status]} ${r.title}  [${r.id}]`, indent(r.detail, "    ")];
  if (r.fix && r.status !== "pass") lines.push("    fix:", indent(r.fix, "      "));
  return lines.join("\n");
}

export function formatReport(report: DoctorReport): string {
  const out = [`Setup check for tenant ${report.tenantId}, app ${report.clientId} — ${report.generatedAt}`, ""];
  const groups = new Map<string, CheckResult[]>();
  for (const r of report.results) {
    const key = r.target ? `Target "${r.target.id}" (${r.target.displayName})` : "App registration and mailbox";
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [heading, results] of groups) out.push(heading, ...results.map(formatResult), "");
  const { pass, warn, fail } = report.summary;
  out.push(`${pass} passed, ${warn} warning${warn === 1 ? "" : "s"}, ${fail} failed`);
  return out.join("\n");
}
