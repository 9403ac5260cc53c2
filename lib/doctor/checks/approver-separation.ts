import type { DirectoryUser } from "@/lib/entra/directory";
import { sh } from "../fixes";
import { fail, pass, warn, type TargetCheck } from "../types";

/**
 * Approvers must not hold the elevation they approve (sources/002: JIT holders must not approve each other).
 *  - An approver who is a member of the PIM group without being eligible holds it permanently → fail.
 *  - An approver who is eligible can hold it while approving others → warning: the app refuses decisions from
 *    anyone who holds the elevation at that moment, but PIM itself (the Entra portal) does not.
 * A current member who is also eligible is taken to be activated rather than a standing member.
 */
export const approverSeparation: TargetCheck = {
  id: "approver-separation",
  title: "Approvers are not eligible for or members of the PIM group",
  scope: "target",
  async run(ctx, target) {
    const [pimName, approverName] = await Promise.all([ctx.data.groupName(target.pimGroupId), ctx.data.groupName(target.approverGroupId)]);
    const [approvers, holders, eligibilities] = await Promise.all([
      ctx.data.userMembers(target.approverGroupId),
      ctx.data.userMembers(target.pimGroupId),
      ctx.data.eligibilities(target.pimGroupId),
    ]);
    // user id → the groups through which the user is eligible ("" = eligible as a user)
    const eligibleVia = new Map<string, string[]>();
    const add = (userId: string, via: string) => eligibleVia.set(userId.toLowerCase(), [...(eligibleVia.get(userId.toLowerCase()) ?? []), via]);
    for (const e of eligibilities) {
      if (e.kind === "user") add(e.principalId, "");
      else if (e.kind === "group") for (const u of await ctx.data.userMembers(e.principalId)) add(u.id, e.principalId);
    }
    const holderIds = new Set(holders.map((h) => h.id.toLowerCase()));
    const who = (u: DirectoryUser) => u.userPrincipalName ?? u.id;
    const standing = approvers.filter((a) => holderIds.has(a.id.toLowerCase()) && !eligibleVia.has(a.id.toLowerCase()));
    const eligible = approvers.filter((a) => eligibleVia.has(a.id.toLowerCase()));

    if (standing.length) {
      return fail(
        `${standing.map(who).join(", ")} ${standing.length === 1 ? "is" : "are"} a permanent member of ${pimName} and an approver: they hold the elevation all the time and can approve others into it.`,
        standing.map((u) => `az ad group member remove --group ${sh(target.pimGroupId)} --member-id ${sh(u.id)}`).join("\n"),
      );
    }
    if (eligible.length) {
      const lines: string[] = [];
      for (const u of eligible) {
        lines.push(`# ${who(u)}: either stop them approving`, `az ad group member remove --group ${sh(target.approverGroupId)} --member-id ${sh(u.id)}`);
        for (const via of eligibleVia.get(u.id.toLowerCase()) ?? []) {
          lines.push(
            via
              ? `# or stop them being eligible (through ${await ctx.data.groupName(via)})\naz ad group member remove --group ${sh(via)} --member-id ${sh(u.id)}`
              : `# or remove their eligible assignment: PIM → Groups → ${pimName} → Assignments → Eligible`,
          );
        }
      }
      return warn(
        `${eligible.map(who).join(", ")} can both approve (member of ${approverName}) and activate ${pimName} (eligible). While elevated they could approve other requests in the Entra portal; the app itself refuses decisions from anyone holding the elevation at that moment.`,
        lines.join("\n"),
      );
    }
    return pass(`None of the ${approvers.length} approvers is eligible for or a member of ${pimName}.`);
  },
};
