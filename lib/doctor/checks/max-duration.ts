import { describeMinutes } from "@/lib/entra/iso-duration";
import { expirationRule, patchPolicyRule, pimSettingsPortalPath } from "../fixes";
import { fail, pass, warn, type TargetCheck } from "../types";

const HOUR = 60;
const EIGHT_HOURS = 8 * 60;

/**
 * PIM's maximum activation covers the longest duration the app offers (else PIM rejects those requests with
 * ExpirationRule), and sits in a sensible range: below an hour it buys nothing because AKS keeps accepting an
 * already issued Entra token for 60–90 minutes (entra-graph-api.md §14); above eight hours the elevation plus
 * that token tail stops being "just in time".
 */
export const maxDuration: TargetCheck = {
  id: "max-duration",
  title: "Maximum activation duration",
  scope: "target",
  async run(ctx, target) {
    const name = await ctx.data.groupName(target.pimGroupId);
    const policy = await ctx.data.memberPolicy(target.pimGroupId);
    if (!policy) return fail(`${name} has no PIM member policy (see "PIM for Groups is enabled").`, pimSettingsPortalPath(name));
    const pim = policy.parsed.maxDurationMinutes;
    const offered = target.maxDurationMinutes;
    const fixTo = (minutes: number, extra = "") =>
      `${patchPolicyRule(ctx.graphBaseUrl, policy.policyId, expirationRule(minutes))}\n${pimSettingsPortalPath(name)} → "Activation maximum duration (hours)": ${describeMinutes(minutes)}.${extra}`;
    if (pim === null) {
      return fail(`The member policy of ${name} does not require activations to expire: an activation could last forever.`, fixTo(Math.min(Math.max(offered, HOUR), EIGHT_HOURS)));
    }
    if (pim < offered) {
      return fail(
        `PIM allows at most ${describeMinutes(pim)} per activation, but target "${target.id}" offers up to ${describeMinutes(offered)} (maxDurationMinutes): PIM would reject longer requests.`,
        fixTo(offered, `\n# Or lower maxDurationMinutes of target "${target.id}" in JIT_TARGETS to ${pim}.`),
      );
    }
    if (pim < HOUR) {
      return warn(
        `PIM allows at most ${describeMinutes(pim)}, but kubectl keeps a cluster token for 60–90 minutes and AKS cannot revoke it: access effectively lasts an hour or more anyway, so the short limit only misleads.`,
        fixTo(HOUR, `\n# and set maxDurationMinutes of target "${target.id}" to at most 60.`),
      );
    }
    if (pim > EIGHT_HOURS) {
      return warn(
        `PIM allows activations of up to ${describeMinutes(pim)}; with the 60–90 minute token tail that is most of a day of admin rights.`,
        fixTo(EIGHT_HOURS, `\n# and keep maxDurationMinutes of target "${target.id}" at or below 480.`),
      );
    }
    return pass(`PIM allows up to ${describeMinutes(pim)}, covering the ${describeMinutes(offered)} target "${target.id}" offers.`);
  },
};
