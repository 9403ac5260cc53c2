/**
 * Who appears in seeded history: hundreds of requesters, tens of approvers, a dozen targets, each target with
 * its own small approver group. Ids are stable (the same index gives the same person), so seeding twice into one
 * database reuses the people and only adds requests.
 */
const TENANT_ID = "4d5e6f70-0000-4000-8000-000000000001";
const DOMAIN = "contoso.example";
const SUBSCRIPTION = "0b1c2d3e-0000-4000-8000-000000000001";

const firstNames = [
  "Aaliyah", "Ben", "Chiara", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ivan", "Jonas", "Kemal", "Lena", "Mateo", "Nadia",
  "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zofia", "Amara", "Bjorn",
  "Camille", "Dario", "Esther", "Felix", "Greta", "Hugo", "Ines", "Jamal", "Kira", "Luca", "Maya", "Niko",
] as const;
const lastNames = [
  "Andersson", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova", "Jansen", "Kowalski", "Larsen",
  "Moreau", "Novak", "Olsen", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz",
  "Zeller", "Alvarez", "Brennan", "Chen", "Dimitrov", "Engel", "Fontaine", "Gallo", "Haddad", "Ito", "Jovanovic", "Kim",
  "Lindqvist", "Mendes", "Nowak",
] as const;

export interface SeedUser {
  id: string;
  upn: string;
  displayName: string;
  email: string;
}

export interface SeedTarget {
  id: string;
  displayName: string;
  pimGroupId: string;
  approverGroupId: string;
  clusterResourceId: string;
  quorum: number;
  /** Members of the target's approver group (all of them are asked). */
  approvers: SeedUser[];
  /** How often this target is requested, relative to the others. */
  weight: number;
}

export interface SeedCast {
  tenantId: string;
  requesters: SeedUser[];
  approvers: SeedUser[];
  targets: SeedTarget[];
}

const guid = (group: string, n: number) => `5eed0000-0000-4000-${group}-${n.toString(16).padStart(12, "0")}`;

function person(index: number, group: string): SeedUser {
  // (first, last) pairs stay unique for index < 1600: for a fixed first name the last-name index is a rotation.
  const a = index % firstNames.length;
  const b = Math.floor(index / firstNames.length);
  const first = firstNames[a] ?? "Alex";
  const last = lastNames[(b + a * 3) % lastNames.length] ?? "Smith";
  const upn = `${first}.${last}@${DOMAIN}`.toLowerCase();
  return { id: guid(group, index), upn, displayName: `${first} ${last}`, email: upn };
}

const targetNames: [id: string, name: string, weight: number][] = [
  ["aks-payments-prod", "Payments production", 14],
  ["aks-checkout-prod", "Checkout production", 12],
  ["aks-search-prod", "Search production", 9],
  ["aks-identity-prod", "Identity production", 8],
  ["aks-data-prod", "Data platform production", 10],
  ["aks-ml-prod", "ML serving production", 6],
  ["aks-edge-weu", "Edge West Europe", 7],
  ["aks-edge-eus", "Edge East US", 7],
  ["aks-shared-staging", "Shared staging", 11],
  ["aks-batch-prod", "Batch processing production", 5],
  ["aks-observability", "Observability", 6],
  ["aks-platform-mgmt", "Platform management", 5],
];

export function createCast(options: { requesters?: number; approvers?: number } = {}): SeedCast {
  const requesterCount = options.requesters ?? 400;
  const approverCount = options.approvers ?? 36;
  if (requesterCount + approverCount > firstNames.length * lastNames.length) throw new RangeError("too many people for the name lists");
  const requesters = Array.from({ length: requesterCount }, (_, i) => person(i, "8001"));
  // Approvers continue the name sequence so nobody is both.
  const approvers = Array.from({ length: approverCount }, (_, i) => ({ ...person(requesterCount + i, "8002"), id: guid("8002", i) }));
  const targets = targetNames.map(([id, name, weight], i): SeedTarget => {
    // Platform management needs two approvals; every group has two or three members, drawn round-robin.
    const quorum = id === "aks-platform-mgmt" ? 2 : 1;
    const size = quorum === 2 || i % 3 === 0 ? 3 : 2;
    const members = Array.from({ length: size }, (_, k) => approvers[(i * 3 + k) % approvers.length]).filter((a): a is SeedUser => !!a);
    return {
      id,
      displayName: `${name} (admin)`,
      pimGroupId: guid("8003", i),
      approverGroupId: guid("8004", i),
      clusterResourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-${id}/providers/Microsoft.ContainerService/managedClusters/${id}`,
      quorum,
      approvers: members,
      weight,
    };
  });
  return { tenantId: TENANT_ID, requesters, approvers, targets };
}
