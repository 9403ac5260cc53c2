/**
 * Elevation targets: which PIM group a requester can activate, who approves, which cluster it opens.
 * Configured as JSON in JIT_TARGETS (or a file named by JIT_TARGETS_FILE), validated once at start-up with
 * messages that name the target and the field, and copied into the `targets` table so history keeps names.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { EnvError, loadEnv, type Env } from "@/lib/env";

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");
const clusterId = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i;
const minutes = z.number({ message: "must be a number of minutes" }).int("must be whole minutes");

const targetSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a slug (lower-case letters, digits and dashes)").max(64),
    displayName: z.string().trim().min(1, "is required").max(120),
    pimGroupId: guid,
    approverGroupId: guid,
    clusterResourceId: z
      .string()
      .regex(clusterId, "must be the ARM id of a managed cluster (/subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerService/managedClusters/…)"),
    quorum: z.number().int().min(1, "must be at least 1").max(10).default(1),
    defaultDurationMinutes: minutes.min(5, "must be at least 5 (PIM's minimum)").default(60),
    maxDurationMinutes: minutes.min(5, "must be at least 5 (PIM's minimum)").max(1440, "must be at most 1440 (24 hours)").default(480),
  })
  .superRefine((t, ctx) => {
    if (t.defaultDurationMinutes > t.maxDurationMinutes) {
      ctx.addIssue({ code: "custom", path: ["defaultDurationMinutes"], message: `must not exceed maxDurationMinutes (${t.maxDurationMinutes})` });
    }
    if (t.pimGroupId.toLowerCase() === t.approverGroupId.toLowerCase()) {
      ctx.addIssue({ code: "custom", path: ["approverGroupId"], message: "must differ from pimGroupId" });
    }
  });

export type Target = z.output<typeof targetSchema>;

const readable = (message: string) => (/received undefined/.test(message) ? "is required" : message);

/** Parses the JSON text of JIT_TARGETS; throws EnvError listing every problem with target and field named. */
export function parseTargets(text: string, source = "JIT_TARGETS"): Target[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new EnvError([`${source}: is not valid JSON (${(e as Error).message})`]);
  }
  if (!Array.isArray(raw) || raw.length === 0) throw new EnvError([`${source}: must be a non-empty JSON array of targets`]);
  const problems: string[] = [];
  const targets: Target[] = [];
  raw.forEach((item: unknown, index) => {
    const name = typeof (item as { id?: unknown })?.id === "string" ? `target "${(item as { id: string }).id}"` : `target #${index + 1}`;
    const r = targetSchema.safeParse(item);
    if (r.success) targets.push(r.data);
    else for (const issue of r.error.issues) problems.push(`${source}: ${name}: ${issue.path.join(".") || "(target)"} ${readable(issue.message)}`);
  });
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.id)) problems.push(`${source}: target "${t.id}": id is used more than once`);
    seen.add(t.id);
  }
  if (problems.length) throw new EnvError(problems);
  return targets;
}

let cached: Target[] | undefined;

/** The configured targets (parsed once). */
export function loadTargets(env: Pick<Env, "JIT_TARGETS" | "JIT_TARGETS_FILE"> = loadEnv()): Target[] {
  if (cached) return cached;
  if (env.JIT_TARGETS) return (cached = parseTargets(env.JIT_TARGETS, "JIT_TARGETS"));
  if (!env.JIT_TARGETS_FILE) throw new EnvError(["JIT_TARGETS: set JIT_TARGETS (JSON) or JIT_TARGETS_FILE"]);
  let text: string;
  try {
    text = readFileSync(env.JIT_TARGETS_FILE, "utf8");
  } catch (e) {
    throw new EnvError([`JIT_TARGETS_FILE: cannot read ${env.JIT_TARGETS_FILE} (${(e as NodeJS.ErrnoException).code ?? "error"})`]);
  }
  return (cached = parseTargets(text, `JIT_TARGETS_FILE (${env.JIT_TARGETS_FILE})`));
}

export function resetTargetsForTests(): void {
  cached = undefined;
}

export function findTarget(targets: readonly Target[], id: string): Target | undefined {
  return targets.find((t) => t.id === id);
}

/** Copies the configured targets into the database at start-up. Targets removed from config stay for history. */
export async function syncTargets(db: Db, targets: readonly Target[] = loadTargets()): Promise<void> {
  await db.$transaction(
    targets.map((t) => {
      const row = {
        displayName: t.displayName,
        pimGroupId: t.pimGroupId,
        approverGroupId: t.approverGroupId,
        clusterResourceId: t.clusterResourceId,
        quorum: t.quorum,
        updatedAt: new Date(),
      };
      return db.target.upsert({ where: { id: t.id }, create: { id: t.id, ...row }, update: row });
    }),
  );
}

export interface ClusterRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export function parseClusterResourceId(resourceId: string): ClusterRef {
  const m = clusterId.exec(resourceId);
  if (!m?.[1] || !m[2] || !m[3]) throw new Error(`not a managed cluster resource id: ${resourceId}`);
  return { subscriptionId: m[1], resourceGroup: m[2], name: m[3] };
}

/**
 * What a requester runs to pick up the elevation — shown on the request page and in the "active" email. A new
 * Entra token is needed: the groups in an issued token never change. kubelogin's default (device code /
 * interactive) mode caches tokens under ~/.kube/cache/kubelogin, so dropping that cache is what makes kubectl
 * fetch a token carrying the new group (entra-graph-api.md §14).
 */
export function clusterAccessCommands(clusterResourceId: string): { label: string; command: string }[] {
  const c = parseClusterResourceId(clusterResourceId);
  const q = (v: string) => (/^[A-Za-z0-9._-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
  return [
    {
      label: "Get the cluster credentials",
      command: `az aks get-credentials --subscription ${q(c.subscriptionId)} --resource-group ${q(c.resourceGroup)} --name ${q(c.name)} --overwrite-existing`,
    },
    { label: "Drop cached cluster tokens, so the next token carries your new group", command: "kubelogin remove-cache-dir" },
    { label: "Check your access", command: "kubectl auth can-i '*' '*' --all-namespaces" },
  ];
}
