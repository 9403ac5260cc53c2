import { grantGraphPermissions } from "../fixes";
import { excessPermissions, missingPermissions } from "../graph-permissions";
import { fail, pass, warn, type AppCheck } from "../types";

const refresh = "\n# New consent reaches the app with its next token: restart the app, or wait up to an hour.";

/** The consented application permissions, read from the `roles` of the app's own Graph token. */
export const appPermissions: AppCheck = {
  id: "app-permissions",
  title: "Graph application permissions",
  scope: "app",
  async run(ctx) {
    const { roles, issuedAt } = await ctx.data.appRoles();
    const seen = `The app-only Graph token${issuedAt ? ` issued ${issuedAt.toISOString()}` : ""} carries: ${roles.length ? [...roles].sort().join(", ") : "no application permissions"}.`;
    const missing = missingPermissions(roles);
    const required = missing.filter((p) => !p.isOptional);
    const optional = missing.filter((p) => p.isOptional);
    const excess = excessPermissions(roles);
    if (required.length) {
      const list = required.map((p) => `${p.name} (${p.usedFor})`).join("; ");
      return fail(`${seen} Missing: ${list}.`, grantGraphPermissions(ctx.clientId, missing) + refresh);
    }
    if (excess.length) {
      const names = excess.map((p) => p.name).join(", ");
      return warn(
        `${seen} ${names} would let the app change PIM assignments, policies or group membership itself. The app never needs that: PIM stays the enforcement point, and a stolen app credential should not be able to grant cluster admin.`,
        `Portal: Microsoft Entra admin center → Enterprise applications → (client id ${ctx.clientId}) → Security → Permissions → revoke ${names}; then App registrations → API permissions → remove them.`,
      );
    }
    if (optional.length) {
      const list = optional.map((p) => `${p.name} (${p.usedFor})`).join("; ");
      return warn(`${seen} Not granted (optional): ${list}.`, grantGraphPermissions(ctx.clientId, optional) + refresh);
    }
    return pass(seen);
  },
};
