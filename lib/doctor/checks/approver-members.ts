import { sh } from "../fixes";
import { fail, pass, type TargetCheck } from "../types";

/** PIM lets *members* of the approver group approve; owners only manage the group (sources/002: owners cannot approve). */
export const approverMembers: TargetCheck = {
  id: "approver-members",
  title: "The approver group has members",
  scope: "target",
  async run(ctx, target) {
    const name = await ctx.data.groupName(target.approverGroupId);
    const [members, owners] = await Promise.all([ctx.data.userMembers(target.approverGroupId), ctx.data.owners(target.approverGroupId)]);
    const memberIds = new Set(members.map((m) => m.id.toLowerCase()));
    const ownerUsers = owners.filter((o) => !o["@odata.type"] || o["@odata.type"].toLowerCase().endsWith(".user"));
    const ownersOnly = ownerUsers.filter((o) => !memberIds.has(o.id.toLowerCase()));
    const who = (u: { userPrincipalName: string | null; id: string }) => u.userPrincipalName ?? u.id;
    if (members.length === 0) {
      const candidates = ownersOnly.length ? ownersOnly.map((o) => o.id) : ["<object id of an approver>"];
      return fail(
        `${name} has no user members${ownersOnly.length ? `, only owners (${ownersOnly.map(who).join(", ")})` : ""}: owners cannot approve PIM requests, so every request would wait until PIM's 24-hour timeout.`,
        candidates.map((id) => `az ad group member add --group ${sh(target.approverGroupId)} --member-id ${sh(id)}`).join("\n"),
      );
    }
    const note = ownersOnly.length ? ` Owners who are not members (${ownersOnly.map(who).join(", ")}) cannot approve and get no approval emails.` : "";
    return pass(`${name} has ${members.length} member${members.length === 1 ? "" : "s"} who can approve: ${members.map(who).join(", ")}.${note}`);
  },
};
