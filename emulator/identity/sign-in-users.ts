/**
 * The accounts offered on the sign-in page, with a short hint of what each one is for in the demo
 * ("requester", "approver", …), derived from the groups the user is in or owns.
 */
import type { DirectoryService } from "../core/types";
import type { SignInUser } from "./pages";
import type { IdentitySlice } from "./state";

function roleWord(groupName: string): string | undefined {
  const n = groupName.toLowerCase();
  if (n.includes("approv")) return "approver";
  if (n.includes("audit")) return "auditor";
  if (n === "default" || n.includes("request")) return "requester";
  return undefined;
}

export function signInUsers(slice: IdentitySlice, directory: DirectoryService, loginHint: string | null): SignInUser[] {
  const groups = slice.hintGroupIds.map((id) => directory.getGroup(id)).filter((g) => g !== undefined);
  const hint = loginHint?.toLowerCase() ?? null;
  const users = slice.signInUserIds.map((id) => directory.getUser(id)).filter((u) => u !== undefined);
  // Each group's (transitive) members once, not once per user: tenants of a few hundred users (the reliability
  // tests) otherwise spend most of a sign-in here.
  const membersOf = new Map(groups.map((g) => [g.id, new Set(directory.transitiveUserMembers(g.id).map((u) => u.id.toLowerCase()))]));
  const entries = users.map((user): SignInUser => {
    const memberOf = groups.filter((g) => membersOf.get(g.id)?.has(user.id.toLowerCase())).map((g) => g.displayName);
    const ownerOf = groups.filter((g) => g.owners.includes(user.id)).map((g) => g.displayName);
    const roles = [...new Set(memberOf.map(roleWord).filter((r) => r !== undefined))];
    if (ownerOf.length > 0 && roles.length === 0) roles.push("owner");
    const hints = [
      ...(roles.length ? [roles.join(", ")] : []),
      ...(memberOf.length ? [`member of ${memberOf.join(", ")}`] : []),
      ...(ownerOf.length ? [`owner of ${ownerOf.join(", ")}`] : []),
    ];
    const preselected = hint !== null && (user.userPrincipalName.toLowerCase() === hint || user.id.toLowerCase() === hint);
    return { upn: user.userPrincipalName, displayName: user.displayName, jobTitle: user.jobTitle, hints, preselected, enabled: user.accountEnabled };
  });
  // A login_hint puts that account first, as Entra's account picker does.
  return [...entries.filter((e) => e.preselected), ...entries.filter((e) => !e.preselected)];
}
