/**
 * The Kubernetes manifests under deploy/kubernetes, parsed with js-yaml: the Deployment is probe-, resource- and
 * restricted-security-complete, labels and selectors line up, the Service reaches the container port, workload
 * identity is wired (service account annotation + pod label) — and the environment the pod ends up with
 * (ConfigMap + Secret + inline env + what the workload identity webhook injects) is exactly what lib/env.ts
 * accepts: nothing unknown, nothing missing.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { envVariableNames, parseEnv } from "@/lib/env";
import { parseTargets } from "@/lib/targets";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const dir = path.join(root, "deploy", "kubernetes");

type Obj = Record<string, unknown>;
interface Manifest {
  file: string;
  doc: Obj;
}

function yamlFiles(d: string): string[] {
  return readdirSync(d).flatMap((name) => {
    const p = path.join(d, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

const files = yamlFiles(dir);
const manifests: Manifest[] = files.flatMap((file) =>
  yaml
    .loadAll(readFileSync(file, "utf8"))
    .filter((d): d is Obj => d !== null && typeof d === "object")
    .map((doc) => ({ file: path.relative(dir, file), doc })),
);

const at = (o: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[k] : undefined), o);
const list = (o: unknown, ...keys: (string | number)[]) => (at(o, ...keys) ?? []) as Obj[];
const record = (o: unknown, ...keys: (string | number)[]) => (at(o, ...keys) ?? {}) as Record<string, string>;

function only(kind: string, file?: string): Obj {
  const found = manifests.filter((m) => m.doc.kind === kind && (file === undefined || m.file === file));
  expect(found, `exactly one ${kind}`).toHaveLength(1);
  return found[0]!.doc;
}

const deployment = only("Deployment");
const podSpec = at(deployment, "spec", "template", "spec") as Obj;
const podLabels = record(deployment, "spec", "template", "metadata", "labels");
const container = list(podSpec, "containers")[0] as Obj;
const job = only("Job");
const jobPod = at(job, "spec", "template", "spec") as Obj;
const serviceAccount = only("ServiceAccount");
const configMap = only("ConfigMap");
const secret = only("Secret");
const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");

const isSubset = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function expectRestricted(pod: Obj, c: Obj, what: string): void {
  expect(at(pod, "securityContext", "runAsNonRoot"), what).toBe(true);
  expect(at(pod, "securityContext", "seccompProfile", "type"), what).toBe("RuntimeDefault");
  expect(at(pod, "automountServiceAccountToken"), what).toBe(false);
  expect(at(c, "securityContext", "allowPrivilegeEscalation"), what).toBe(false);
  expect(at(c, "securityContext", "readOnlyRootFilesystem"), what).toBe(true);
  expect(at(c, "securityContext", "capabilities", "drop"), what).toEqual(["ALL"]);
  // The image's user (Dockerfile USER) is the one the pod runs as.
  const user = /^USER (\d+)(?::(\d+))?$/m.exec(dockerfile);
  expect(String(at(pod, "securityContext", "runAsUser")), what).toBe(user?.[1]);
  // With a read-only root, /tmp must be a writable emptyDir.
  const tmp = list(c, "volumeMounts").find((m) => m.mountPath === "/tmp");
  expect(tmp, `${what}: /tmp mount`).toBeDefined();
  expect(list(pod, "volumes").find((v) => v.name === tmp?.name)?.emptyDir, `${what}: /tmp is an emptyDir`).toBeDefined();
  const requests = record(c, "resources", "requests");
  expect(requests.cpu && requests.memory, `${what}: cpu and memory requests`).toBeTruthy();
  expect(record(c, "resources", "limits").memory, `${what}: memory limit`).toBeTruthy();
}

describe("deploy/kubernetes manifests", () => {
  it("every document parses and names its apiVersion, kind and metadata.name", () => {
    expect(manifests.length).toBeGreaterThanOrEqual(9);
    for (const { file, doc } of manifests) {
      expect(typeof doc.apiVersion, file).toBe("string");
      expect(typeof doc.kind, file).toBe("string");
      if (doc.kind !== "Kustomization") expect(typeof at(doc, "metadata", "name"), file).toBe("string");
    }
  });

  it("the kustomizations list every manifest except the example Secret, and only files that exist", () => {
    const listed = new Set<string>();
    for (const { file, doc } of manifests.filter((m) => m.doc.kind === "Kustomization")) {
      expect(doc.namespace, file).toBe(at(only("Namespace"), "metadata", "name"));
      for (const resource of (doc.resources ?? []) as string[]) {
        const p = path.join(path.dirname(file), resource);
        expect(files.map((f) => path.relative(dir, f)), `${file} lists ${resource}`).toContain(p);
        listed.add(p);
      }
      expect(list(doc, "images").map((i) => i.name), file).toEqual([container.image]);
    }
    const manifestFiles = [...new Set(manifests.filter((m) => m.doc.kind !== "Kustomization").map((m) => m.file))];
    expect(manifestFiles.filter((f) => !listed.has(f))).toEqual(["secret.example.yaml"]);
  });

  it("the Deployment runs two replicas whose selector matches the pod labels", () => {
    expect(at(deployment, "spec", "replicas")).toBe(2);
    const selector = record(deployment, "spec", "selector", "matchLabels");
    expect(Object.keys(selector).length).toBeGreaterThan(0);
    expect(isSubset(selector, podLabels)).toBe(true);
  });

  it("probes: readiness on /api/health/ready and liveness on /api/health/live, on a declared container port", () => {
    expect(at(container, "readinessProbe", "httpGet", "path")).toBe("/api/health/ready");
    expect(at(container, "livenessProbe", "httpGet", "path")).toBe("/api/health/live");
    const ports = list(container, "ports");
    for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
      const port = at(container, probe, "httpGet", "port");
      expect(ports.some((p) => p.name === port || p.containerPort === port), `${probe} port ${String(port)}`).toBe(true);
    }
    // The container port is the one the image's server listens on.
    expect(/^\s*PORT=(\d+)/m.exec(dockerfile)?.[1]).toBe(String(ports[0]?.containerPort));
    expect(/^EXPOSE (\d+)$/m.exec(dockerfile)?.[1]).toBe(String(ports[0]?.containerPort));
  });

  it("the app and the migration Job run with a restricted security context, resources and a writable /tmp only", () => {
    expectRestricted(podSpec, container, "deployment");
    expectRestricted(jobPod, list(jobPod, "containers")[0] as Obj, "migration job");
    expect(at(only("Namespace"), "metadata", "labels", "pod-security.kubernetes.io/enforce")).toBe("restricted");
  });

  it("workload identity: the pod is labelled, uses the annotated service account, and no credential secret exists", () => {
    expect(podLabels["azure.workload.identity/use"]).toBe("true");
    expect(podSpec.serviceAccountName).toBe(at(serviceAccount, "metadata", "name"));
    expect(record(serviceAccount, "metadata", "annotations")["azure.workload.identity/client-id"]).toMatch(GUID);
    const keys = [...Object.keys(record(configMap, "data")), ...Object.keys(record(secret, "stringData"))];
    expect(keys).not.toContain("AZURE_CLIENT_SECRET");
    expect(keys).not.toContain("AZURE_CLIENT_CERTIFICATE_PATH");
  });

  it("the Service and the PodDisruptionBudget select the pods, and the Service targets the container port", () => {
    const service = only("Service");
    expect(isSubset(record(service, "spec", "selector"), podLabels)).toBe(true);
    const target = at(service, "spec", "ports", 0, "targetPort");
    expect(list(container, "ports").some((p) => p.name === target || p.containerPort === target)).toBe(true);
    const pdb = only("PodDisruptionBudget");
    expect(isSubset(record(pdb, "spec", "selector", "matchLabels"), podLabels)).toBe(true);
    expect(Number(at(pdb, "spec", "minAvailable"))).toBeLessThan(Number(at(deployment, "spec", "replicas")));
  });

  it("the migration Job runs the bundled runner the Dockerfile builds, with DATABASE_URL from the app's Secret", () => {
    const c = list(jobPod, "containers")[0] as Obj;
    expect(c.image).toBe(container.image);
    expect(at(jobPod, "restartPolicy")).toBe("Never");
    expect(c.command).toEqual(["node", "dist/db-migrate.mjs"]);
    expect(dockerfile).toContain("--outfile=dist/db-migrate.mjs");
    const ref = at(list(c, "env").find((e) => e.name === "DATABASE_URL"), "valueFrom", "secretKeyRef") as Obj;
    expect(ref).toEqual({ name: at(secret, "metadata", "name"), key: "DATABASE_URL" });
    expect(Object.keys(record(secret, "stringData"))).toContain("DATABASE_URL");
  });

  it("the example Secret holds only placeholders, clearly marked", () => {
    const data = record(secret, "stringData");
    expect(Object.keys(data).sort()).toEqual(["DATABASE_URL", "METRICS_TOKEN", "TOKEN_ENCRYPTION_KEY"]);
    expect(data.DATABASE_URL).toContain("REPLACE-ME");
    expect(data.METRICS_TOKEN).toContain("REPLACE-ME");
    expect(Buffer.from(data.TOKEN_ENCRYPTION_KEY ?? "", "base64").toString()).toContain("REPLACE-ME");
  });

  it("ConfigMap + Secret + inline env + the workload identity webhook's variables are exactly what lib/env.ts accepts", () => {
    const envFrom = list(container, "envFrom");
    expect(envFrom.map((e) => at(e, "configMapRef", "name") ?? at(e, "secretRef", "name"))).toEqual([at(configMap, "metadata", "name"), at(secret, "metadata", "name")]);
    const inline = Object.fromEntries(list(container, "env").map((e) => [e.name as string, e.value as string]));
    const annotations = record(serviceAccount, "metadata", "annotations");
    // What the AKS workload identity webhook adds to a labelled pod of an annotated service account.
    const injected = {
      AZURE_CLIENT_ID: annotations["azure.workload.identity/client-id"] ?? "",
      AZURE_TENANT_ID: annotations["azure.workload.identity/tenant-id"] ?? "",
      AZURE_FEDERATED_TOKEN_FILE: "/var/run/secrets/azure/tokens/azure-identity-token",
      AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com/",
    };
    // Read by the Next.js standalone server itself (Dockerfile sets the same), not by lib/env.ts.
    const serverVariables = ["HOSTNAME", "PORT"];
    const combined: Record<string, string> = { ...record(configMap, "data"), ...record(secret, "stringData"), ...inline, ...injected };

    const known = new Set([...envVariableNames(), ...serverVariables]);
    expect(Object.keys(combined).filter((k) => !known.has(k))).toEqual([]);
    const env = parseEnv(combined); // throws, naming the variable, if anything is missing or invalid
    expect(env.AZURE_FEDERATED_TOKEN_FILE).toBe(injected.AZURE_FEDERATED_TOKEN_FILE);
    expect(env.AZURE_CLIENT_SECRET).toBeUndefined();
    expect(env.WORKER_MODE).toBe("in-process");
    expect(env.APP_URL).toMatch(/^https:\/\//);
    expect(parseTargets(env.JIT_TARGETS ?? "").map((t) => t.id)).toEqual(["aks-prod-admin"]);
    // Nothing the ConfigMap sets is a secret.
    expect(Object.keys(record(configMap, "data")).filter((k) => /SECRET|KEY|TOKEN|PASSWORD|DATABASE_URL/.test(k))).toEqual([]);
  });
});
