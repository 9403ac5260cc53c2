/** `/_emulator`: what this tenant is, who can sign in, and links to everything else. */
import type { HttpResult, Services } from "../core/types";
import type { DirectoryState } from "../directory/state";
import { isRead, type MailState } from "../mail/state";
import { html } from "./html";
import { layout } from "./layout";

export function homePage(services: Services): HttpResult {
  const directory = services.slice<DirectoryState>("directory");
  const mail = services.slice<MailState>("mail");
  const unread = mail.messages.filter((m) => !isRead(mail, m.id)).length;
  const tenantId = services.tenantId;
  const body = html`<h1>${directory.tenant.displayName}</h1>
<table><tr><th style="width:200px">Tenant id</th><td><code data-testid="tenant-id">${tenantId}</code></td></tr>
<tr><th>Domain</th><td>${directory.tenant.defaultDomain}</td></tr>
<tr><th>Emulated time</th><td>${services.clock.now().toISOString()}</td></tr>
<tr><th>OpenID configuration</th><td><a href="/${tenantId}/v2.0/.well-known/openid-configuration"><code>/${tenantId}/v2.0/.well-known/openid-configuration</code></a></td></tr>
<tr><th>Graph</th><td><code>/v1.0/…</code></td></tr></table>
<h2>Pages</h2><ul>
<li><a href="/_emulator/ui/mail">Mailbox</a> — ${mail.messages.length} messages, ${unread} unread</li>
<li><a href="/_emulator/ui/directory">Directory</a> — ${directory.users.length} users, ${directory.groups.length} groups</li>
<li><a href="/_emulator/ui/pim">PIM</a> — eligibilities, active memberships, requests and approvals</li></ul>
<h2>Sign-in users</h2><p class="muted">The sign-in page lists these accounts; no passwords are needed.</p>
<table><tr><th>Name</th><th>Sign-in name</th><th>Job title</th></tr>
${directory.users.map((u) => html`<tr><td>${u.displayName}</td><td>${u.userPrincipalName}</td><td>${u.jobTitle ?? ""}</td></tr>`)}</table>`;
  return layout("Home", body);
}
