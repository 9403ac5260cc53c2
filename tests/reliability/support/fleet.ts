/**
 * A tenant with many requesters: the seeded (admin-capable) tenant plus `count` extra engineers r001…rNNN, each a
 * member of the `default` group and therefore eligible for the admin group through PIM's group eligibility —
 * the same path n01 takes. Used when one person's "one open request per target" rule would serialise a test.
 */
import type { TenantFixture } from "@/emulator/core/types";
import type { SessionUser } from "@/lib/requests/deps";
import { adminCapableTenant, id } from "../../contract/pim-test-kit";

export { id };

export interface FleetPerson {
  id: string;
  upn: string;
  displayName: string;
}

export const approvers = {
  p01: { id: id.p01, upn: "p01@contoso.example", displayName: "Priya Approver" },
  p02: { id: id.p02, upn: "p02@contoso.example", displayName: "Paul Approver" },
} as const satisfies Record<string, FleetPerson>;

/** r001 → 5e4d3c2b-0000-4000-8000-00000000d001 (the seeded users use the c-range). */
export function requester(n: number): FleetPerson {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new Error(`requester number out of range: ${n}`);
  const num = String(n).padStart(3, "0");
  return { id: `5e4d3c2b-0000-4000-8000-00000000d${num}`, upn: `r${num}@contoso.example`, displayName: `Requester ${num}` };
}

export function requesters(count: number): FleetPerson[] {
  return Array.from({ length: count }, (_, i) => requester(i + 1));
}

export function fleetTenant(count: number, change?: (f: TenantFixture) => void): TenantFixture {
  return adminCapableTenant((f) => {
    const defaultGroup = f.groups.find((g) => g.id === id.defaultGroup);
    if (!defaultGroup) throw new Error("the seeded tenant has no default group");
    for (const p of requesters(count)) {
      const [given, family] = p.displayName.split(" ");
      f.users.push({ id: p.id, userPrincipalName: p.upn, displayName: p.displayName, givenName: given, surname: family, mail: p.upn, jobTitle: "Engineer", mfaRegistered: true });
      (defaultGroup.members ??= []).push(p.id);
    }
    change?.(f);
  });
}

export function sessionUser(p: FleetPerson): SessionUser {
  return { id: p.id, upn: p.upn, displayName: p.displayName, email: p.upn, homeAccountId: `${p.id}.${id.tenant}` };
}
