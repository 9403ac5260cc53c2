/** `/_emulator/ui/directory`: users with their groups, groups with members and owners, directory roles. */
import type { HttpResult, Services } from "../core/types";
import { findObject, groupsContaining, rolesOf } from "../directory/graph";
import type { DirectoryState } from "../directory/state";
import { html, type Fragment } from "./html";
import { layout } from "./layout";

function nameOf(state: DirectoryState, id: string): string {
  const object = findObject(state, id);
  switch (object.kind) {
    case "user":
      return object.user.userPrincipalName;
    case "group":
      return `${object.group.displayName} (group)`;
    case "servicePrincipal":
      return `${object.servicePrincipal.displayName} (app)`;
    case "unknown":
      return id;
  }
}

function pills(names: string[]): Fragment {
  return names.length === 0 ? html`<span class="muted">—</span>` : names.map((n) => html`<span class="pill">${n}</span>`);
}

export function directoryPage(services: Services): HttpResult {
  const state = services.slice<DirectoryState>("directory");
  const users = state.users.map((u) => {
    const direct = new Set(groupsContaining(state, u.id, false).map((g) => g.id));
    const groups = groupsContaining(state, u.id, true).map((g) => (direct.has(g.id) ? g.displayName : `${g.displayName} (nested)`));
    const roles = rolesOf(state, u.id, true);
    return html`<tr data-testid="directory-user"><td>${u.displayName}</td><td>${u.userPrincipalName}</td><td>${u.mail ?? html`<span class="muted">no mailbox</span>`}</td>
<td>${u.jobTitle ?? ""}</td><td>${u.mfaRegistered ? "yes" : "no"}</td><td>${u.accountEnabled ? "enabled" : "disabled"}</td><td>${pills([...groups, ...roles])}</td><td><code>${u.id}</code></td></tr>`;
  });
  const groups = state.groups.map(
    (g) => html`<tr data-testid="directory-group"><td>${g.displayName}</td><td>${g.description ?? ""}</td><td>${pills(g.members.map((m) => nameOf(state, m)))}</td>
<td>${pills(g.owners.map((o) => nameOf(state, o)))}</td><td><code>${g.id}</code></td></tr>`,
  );
  const roles = Object.entries(state.directoryRoles).map(([role, members]) => html`<tr><td><code>${role}</code></td><td>${pills(members.map((m) => nameOf(state, m)))}</td></tr>`);
  const body = html`<h1>Directory of ${state.tenant.displayName}</h1>
<h2>Users</h2><table><tr><th>Name</th><th>Sign-in name</th><th>Mail</th><th>Job title</th><th>MFA</th><th>Account</th><th>Groups and roles</th><th>Object id</th></tr>${users}</table>
<h2>Groups</h2><table><tr><th>Name</th><th>Description</th><th>Members</th><th>Owners</th><th>Object id</th></tr>${groups}</table>
${roles.length > 0 ? html`<h2>Directory roles</h2><table><tr><th>Role template</th><th>Members</th></tr>${roles}</table>` : ""}
<h2>Applications</h2><table><tr><th>Name</th><th>Client id</th><th>Service principal</th></tr>
${state.servicePrincipals.map((sp) => html`<tr><td>${sp.displayName}</td><td><code>${sp.appId}</code></td><td><code>${sp.id}</code></td></tr>`)}</table>`;
  return layout("Directory", body);
}
