/**
 * The mailbox: `/_emulator/ui/mail` (newest first, filter by recipient, unread counts) and
 * `/_emulator/ui/mail/{id}` (headers, the HTML body in a sandboxed frame whose links open top-level or in an
 * unsandboxed new window,
 * the text rendition and the links below).
 */
import type { Ctx, HttpResult, MailMessage, Services } from "../core/types";
import { isRead, markRead, recipientsOf, type MailState } from "../mail/state";
import { formatTime, html, type Fragment } from "./html";
import { layout } from "./layout";
import { htmlToText, linksOf } from "./mail-text";

type Address = MailMessage["to"][number];

function addressList(list: readonly Address[] | undefined): string {
  return (list ?? []).map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(", ");
}

function mailbox(services: Services): MailState {
  return services.slice<MailState>("mail");
}

function recipientSidebar(state: MailState, selected: string | undefined): Fragment {
  const counts = new Map<string, { total: number; unread: number }>();
  for (const message of state.messages) {
    for (const r of recipientsOf(message)) {
      const c = counts.get(r) ?? { total: 0, unread: 0 };
      c.total++;
      if (!isRead(state, message.id)) c.unread++;
      counts.set(r, c);
    }
  }
  const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  return html`<div class="side card"><h2>Recipients</h2><table><tr><th>Address</th><th>Unread</th><th>All</th></tr>
<tr${selected ? "" : html` class="unread"`}><td><a href="/_emulator/ui/mail">Everyone</a></td><td></td><td>${state.messages.length}</td></tr>
${rows.map(
  ([address, c]) => html`<tr data-testid="mail-recipient"${address === selected ? html` class="unread"` : ""}>
<td><a href="/_emulator/ui/mail?to=${encodeURIComponent(address)}">${address}</a></td><td data-testid="unread-count">${c.unread}</td><td>${c.total}</td></tr>`,
)}</table></div>`;
}

export function mailListPage(ctx: Ctx, services: Services): HttpResult {
  const state = mailbox(services);
  const selected = ctx.query.get("to")?.trim().toLowerCase() || undefined;
  const messages = state.messages.filter((m) => !selected || recipientsOf(m).includes(selected)).reverse();
  const rows = messages.map(
    (m) => html`<tr data-testid="mail-row"${isRead(state, m.id) ? "" : html` class="unread"`}>
<td>${formatTime(m.receivedAt)}</td><td>${addressList([m.from])}</td><td>${addressList([...m.to, ...m.cc])}</td>
<td><a href="/_emulator/ui/mail/${encodeURIComponent(m.id)}">${m.subject || "(no subject)"}</a></td></tr>`,
  );
  const body = html`<h1>Mailbox${selected ? html` for ${selected}` : ""}</h1>
<form method="get" action="/_emulator/ui/mail" class="card"><label>Recipient <input name="to" type="email" value="${selected ?? ""}" placeholder="p01@contoso.example"></label>
<button type="submit">Filter</button> <a href="/_emulator/ui/mail">Show all</a></form>
<div class="layout">${recipientSidebar(state, selected)}<div class="grow">
${messages.length === 0 ? html`<p class="muted">No messages${selected ? " for this recipient" : ""} yet. Mail sent through Graph <code>sendMail</code> appears here.</p>` : html`<table><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr>${rows}</table>`}
</div></div>`;
  return layout("Mailbox", body);
}

export function mailMessagePage(ctx: Ctx, services: Services): HttpResult {
  const state = mailbox(services);
  const message = state.messages.find((m) => m.id === ctx.params.id);
  if (!message) return { ...layout("Not found", html`<h1>Message not found</h1><p><a href="/_emulator/ui/mail">Back to the mailbox</a></p>`), status: 404 };
  if (markRead(state, message.id)) services.changed();

  const isHtml = message.body.contentType.toLowerCase() === "html";
  const text = isHtml ? htmlToText(message.body.content) : message.body.content;
  // <base target="_top">: links leave the frame (the app forbids being framed) on a user click.
  const srcdoc = isHtml ? `<base target="_top">${message.body.content}` : html`<pre style="white-space:pre-wrap;font:14px sans-serif">${message.body.content}</pre>`.value;
  const links = isHtml ? linksOf(message.body.content) : [];
  const headerRows: [string, string][] = [
    ["From", addressList([message.from])],
    ["To", addressList(message.to)],
    ["Cc", addressList(message.cc)],
    ["Bcc", addressList(message.bcc)],
    ["Received", formatTime(message.receivedAt)],
    ...message.headers.map((h): [string, string] => [h.name, h.value]),
  ];
  const body = html`<p><a href="/_emulator/ui/mail">← Mailbox</a></p>
<h1 data-testid="mail-subject">${message.subject || "(no subject)"}</h1>
<table>${headerRows.filter(([, v]) => v !== "").map(([k, v]) => html`<tr><th style="width:140px">${k}</th><td>${v}</td></tr>`)}</table>
<iframe data-testid="mail-body" title="Message body" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${srcdoc}"></iframe>
${links.length > 0 ? html`<h2>Links in this message</h2><ul>${links.map((l) => html`<li><a data-testid="mail-link" href="${l.href}" rel="noreferrer">${l.text}</a> <span class="muted"><code>${l.href}</code></span></li>`)}</ul>` : ""}
<h2>Text</h2><pre data-testid="mail-text">${text}</pre>`;
  return layout(message.subject || "Message", body);
}
