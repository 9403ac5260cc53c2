/**
 * One email layout that renders well in Outlook (Word engine): nested tables, inline styles, a "bulletproof"
 * table-cell button, system fonts only, no external images or stylesheets. Every piece of text goes through
 * escapeHtml — names, justifications and ticket numbers are user input. Each email also gets a plain-text
 * rendering of the same content.
 */

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailContent {
  /** Hidden preview line shown by mail clients next to the subject. */
  preheader: string;
  heading: string;
  paragraphs: string[];
  details?: [label: string, value: string][];
  button?: { label: string; url: string };
  /** Shell commands, shown monospaced. */
  commands?: { label: string; command: string }[];
  notes?: string[];
}

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

/** Subjects are a header: no line breaks (header injection), bounded length. */
export function safeSubject(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").replace(/\s{2,}/g, " ").trim().slice(0, 200);
}

/** Only http(s) links make it into a button. */
function safeUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error(`refusing to put a ${u.protocol} link in an email`);
  return u.toString();
}

/** "2026-03-04 11:05 UTC": unambiguous for readers in any time zone. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const font = "font-family:'Segoe UI',Arial,Helvetica,sans-serif;";
const mono = "font-family:Consolas,'Courier New',monospace;";

export function renderEmail(subject: string, c: EmailContent): RenderedEmail {
  const p = (t: string) => `<p style="margin:0 0 14px 0;${font}font-size:15px;line-height:22px;color:#1f2328;">${escapeHtml(t)}</p>`;
  const details = c.details?.length
    ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 18px 0;">${c.details
        .map(
          ([label, value]) =>
            `<tr><td valign="top" style="padding:6px 12px 6px 0;${font}font-size:14px;color:#59636e;width:130px;border-bottom:1px solid #eaeef2;">${escapeHtml(label)}</td>` +
            `<td valign="top" style="padding:6px 0;${font}font-size:14px;color:#1f2328;border-bottom:1px solid #eaeef2;">${escapeHtml(value).replace(/\n/g, "<br>")}</td></tr>`,
        )
        .join("")}</table>`
    : "";
  const button = c.button
    ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 20px 0;"><tr><td align="center" bgcolor="#0f6cbd" style="border-radius:4px;">` +
      `<a href="${escapeHtml(safeUrl(c.button.url))}" target="_blank" style="display:inline-block;padding:14px 28px;${font}font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:4px;">${escapeHtml(c.button.label)}</a>` +
      `</td></tr></table>`
    : "";
  const commands = c.commands?.length
    ? c.commands
        .map(
          (x) =>
            `<p style="margin:0 0 4px 0;${font}font-size:13px;color:#59636e;">${escapeHtml(x.label)}</p>` +
            `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px 0;"><tr><td bgcolor="#f6f8fa" style="padding:8px 10px;${mono}font-size:13px;color:#1f2328;border:1px solid #d1d9e0;">${escapeHtml(x.command)}</td></tr></table>`,
        )
        .join("")
    : "";
  const notes = (c.notes ?? []).map((n) => `<p style="margin:0 0 8px 0;${font}font-size:12px;line-height:18px;color:#59636e;">${escapeHtml(n)}</p>`).join("");
  const html =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background-color:#f3f4f6;">` +
    `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(c.preheader)}</div>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f3f4f6"><tr><td align="center" style="padding:24px 12px;">` +
    `<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:600px;max-width:600px;border:1px solid #d1d9e0;">` +
    `<tr><td bgcolor="#0f3b63" style="padding:14px 24px;${font}font-size:14px;font-weight:bold;color:#ffffff;">AKS just-in-time access</td></tr>` +
    `<tr><td style="padding:24px;"><h1 style="margin:0 0 16px 0;${font}font-size:20px;line-height:26px;color:#1f2328;">${escapeHtml(c.heading)}</h1>` +
    c.paragraphs.map(p).join("") +
    details +
    button +
    commands +
    notes +
    `</td></tr></table></td></tr></table></body></html>`;
  return { subject: safeSubject(subject), html, text: renderText(c) };
}

function renderText(c: EmailContent): string {
  const lines: string[] = [c.heading, "=".repeat(Math.min(c.heading.length, 70)), "", ...c.paragraphs.flatMap((x) => [x, ""])];
  if (c.details?.length) {
    for (const [label, value] of c.details) lines.push(`${label}: ${value.replace(/\n/g, "\n    ")}`);
    lines.push("");
  }
  if (c.button) lines.push(`${c.button.label}: ${c.button.url}`, "");
  for (const x of c.commands ?? []) lines.push(`${x.label}:`, `    ${x.command}`, "");
  for (const n of c.notes ?? []) lines.push(n, "");
  return lines.join("\n").trimEnd() + "\n";
}
