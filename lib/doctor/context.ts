/**
 * What the checks read, loaded lazily and at most once per run (several checks look at the same policy, group
 * or cluster). Everything goes through the app's own credentials: the Graph client of lib/entra/graph.ts with
 * an app-only token, and ARM through lib/entra/arm.ts.
 */
import { decodeJwt } from "jose";
import { z } from "zod";
import { createAuthorizationClient, getManagedCluster, listRoleAssignmentsOf, type ManagedCluster, type RoleAssignmentView } from "@/lib/entra/arm";
import { listOwners, listTransitiveUserMembers, type DirectoryOwner, type DirectoryUser } from "@/lib/entra/directory";
import { createGraphClient, getAllPages, type GraphClient } from "@/lib/entra/graph";
import { parseMemberPolicy, type PimPolicy } from "@/lib/entra/pim";
import { getAppAccessToken } from "@/lib/entra/tokens";
import { loadEnv, type Env } from "@/lib/env";
import { loadTargets, parseClusterResourceId, type Target } from "@/lib/targets";

export interface DoctorContext {
  tenantId: string;
  clientId: string;
  mailSender: string;
  graphBaseUrl: string;
  targets: readonly Target[];
  graph: GraphClient;
  data: DoctorData;
}

export interface MemberPolicy {
  policyId: string;
  parsed: PimPolicy;
  /** The raw rules, for details the parsed view leaves out (e.g. approvers of every stage). */
  rules: Record<string, unknown>[];
}

export interface Eligibility {
  principalId: string;
  kind: "user" | "group" | "other";
  displayName: string | null;
}

export interface DoctorData {
  /** Application permissions in the app-only Graph token (`roles`), and when that token was issued. */
  appRoles(): Promise<{ roles: string[]; issuedAt: Date | null }>;
  /** Every PIM policy assignment of the group (member and owner); empty when the group is not PIM-enabled. */
  policyAssignments(groupId: string): Promise<{ roleDefinitionId: string; policyId: string }[]>;
  /** The member policy, or null when the group has none (not onboarded to PIM). */
  memberPolicy(groupId: string): Promise<MemberPolicy | null>;
  /** Current member eligibilities of the PIM group. */
  eligibilities(groupId: string): Promise<Eligibility[]>;
  userMembers(groupId: string): Promise<DirectoryUser[]>;
  owners(groupId: string): Promise<DirectoryOwner[]>;
  groupName(groupId: string): Promise<string>;
  /** Azure role assignments of exactly this principal at, above or below the target's cluster. */
  roleAssignments(target: Target, principalId: string): Promise<RoleAssignmentView[]>;
  cluster(target: Target): Promise<ManagedCluster>;
  /** The service mailbox's user, or null when Graph says it does not exist. */
  mailSender(): Promise<{ id: string; mail: string | null; userPrincipalName: string | null; displayName: string | null } | null>;
}

export interface DoctorOptions {
  env?: Env;
  targets?: readonly Target[];
  graph?: GraphClient;
  getGraphToken?: () => Promise<string>;
  getArmToken?: () => Promise<string>;
}

function memo<A extends unknown[], V>(fn: (...args: A) => Promise<V>, key: (...args: A) => string): (...args: A) => Promise<V> {
  const cache = new Map<string, Promise<V>>();
  return (...args) => {
    const k = key(...args);
    let hit = cache.get(k);
    if (!hit) {
      hit = fn(...args);
      cache.set(k, hit);
    }
    return hit;
  };
}

const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
const PIM = "/identityGovernance/privilegedAccess/group";

const assignmentsSchema = z.looseObject({
  value: z.array(
    z.looseObject({
      roleDefinitionId: z.string(),
      policyId: z.string(),
      policy: z.looseObject({ id: z.string(), rules: z.array(z.looseObject({ id: z.string() })).default([]) }).nullish(),
    }),
  ),
});

const eligibilitySchema = z.looseObject({
  principalId: z.string(),
  accessId: z.string().nullish(),
  principal: z.looseObject({ "@odata.type": z.string().nullish(), displayName: z.string().nullish() }).nullish(),
});

export function createDoctorContext(options: DoctorOptions = {}): DoctorContext {
  const env = options.env ?? loadEnv();
  const targets = options.targets ?? loadTargets(env);
  const getGraphToken = options.getGraphToken ?? (() => getAppAccessToken("graph"));
  const graph = options.graph ?? createGraphClient({ baseUrl: env.GRAPH_BASE_URL, getToken: getGraphToken });
  const arm = { endpoint: env.ARM_ENDPOINT, getToken: options.getArmToken };

  const policyList = memo(
    async (groupId: string) => {
      const res: unknown = await graph
        .api("/policies/roleManagementPolicyAssignments")
        .filter(`scopeId eq ${lit(groupId)} and scopeType eq 'Group'`)
        .expand("policy($expand=rules)")
        .get();
      return assignmentsSchema.parse(res).value;
    },
    (g) => g.toLowerCase(),
  );

  const data: DoctorData = {
    appRoles: memo(
      async () => {
        // Diagnostics only: the app never bases a decision on its own token's contents. `roles` is exactly what
        // Graph will evaluate, so reading it is the one honest way to see which permissions are consented.
        const claims = decodeJwt(await getGraphToken());
        const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
        return { roles, issuedAt: typeof claims.iat === "number" ? new Date(claims.iat * 1000) : null };
      },
      () => "",
    ),
    policyAssignments: async (groupId) => (await policyList(groupId)).map((a) => ({ roleDefinitionId: a.roleDefinitionId, policyId: a.policyId })),
    memberPolicy: async (groupId) => {
      const member = (await policyList(groupId)).find((a) => a.roleDefinitionId.toLowerCase() === "member");
      if (!member?.policy) return null;
      return { policyId: member.policy.id, parsed: parseMemberPolicy(member.policy.id, member.policy.rules), rules: member.policy.rules };
    },
    eligibilities: memo(
      async (groupId: string) => {
        const first: unknown = await graph.api(`${PIM}/eligibilityScheduleInstances`).filter(`groupId eq ${lit(groupId)}`).expand("principal").get();
        const rows = await getAllPages(graph, z.looseObject({ value: z.array(z.unknown()), "@odata.nextLink": z.string().optional() }).parse(first));
        return rows
          .map((r) => eligibilitySchema.parse(r))
          .filter((r) => (r.accessId ?? "member").toLowerCase() === "member")
          .map((r) => {
            const type = (r.principal?.["@odata.type"] ?? "").toLowerCase();
            const kind = type.endsWith(".group") ? "group" : type.endsWith(".user") ? "user" : "other";
            return { principalId: r.principalId.toLowerCase(), kind, displayName: r.principal?.displayName ?? null } satisfies Eligibility;
          });
      },
      (g) => g.toLowerCase(),
    ),
    userMembers: memo((groupId: string) => listTransitiveUserMembers(graph, groupId), (g) => g.toLowerCase()),
    owners: memo((groupId: string) => listOwners(graph, groupId), (g) => g.toLowerCase()),
    groupName: memo(
      async (groupId: string) => {
        try {
          const g = (await graph.api(`/groups/${encodeURIComponent(groupId)}`).select(["id", "displayName"]).get()) as { displayName?: string };
          return g.displayName ? `${g.displayName} (${groupId})` : groupId;
        } catch {
          return groupId; // a name is a nicety; the checks that need the group report their own errors
        }
      },
      (g) => g.toLowerCase(),
    ),
    roleAssignments: memo(
      async (target: Target, principalId: string) => {
        const client = createAuthorizationClient(parseClusterResourceId(target.clusterResourceId).subscriptionId, arm);
        return listRoleAssignmentsOf(client, target.clusterResourceId, principalId);
      },
      (t, p) => `${t.clusterResourceId.toLowerCase()}|${p.toLowerCase()}`,
    ),
    cluster: memo(
      (target: Target) => getManagedCluster(target.clusterResourceId, arm),
      (t) => t.clusterResourceId.toLowerCase(),
    ),
    mailSender: memo(
      async () => {
        try {
          const u = (await graph.api(`/users/${encodeURIComponent(env.MAIL_SENDER)}`).select(["id", "displayName", "mail", "userPrincipalName"]).get()) as Record<string, unknown>;
          const str = (v: unknown) => (typeof v === "string" && v ? v : null);
          return { id: String(u.id), mail: str(u.mail), userPrincipalName: str(u.userPrincipalName), displayName: str(u.displayName) };
        } catch (e) {
          if ((e as { statusCode?: unknown }).statusCode === 404) return null;
          throw e;
        }
      },
      () => "",
    ),
  };

  return { tenantId: env.AZURE_TENANT_ID, clientId: env.AZURE_CLIENT_ID, mailSender: env.MAIL_SENDER, graphBaseUrl: env.GRAPH_BASE_URL, targets, graph, data };
}
