import { z } from "zod";

/**
 * The only reader of process.env in the app. Parsed once, on first use; the Next.js server calls
 * `loadEnv()` from instrumentation.ts at start-up so a bad configuration stops the process with a
 * message naming the variable instead of failing on the first request.
 *
 * Empty strings count as unset (a blank line in a ConfigMap must not turn into a value).
 */

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, value: z.input<T>) =>
  z.preprocess(emptyAsUndefined, schema.default(value as never));

const httpsUrl = z
  .url({ protocol: /^https$/, message: "must be an https:// URL" })
  .transform((u) => u.replace(/\/+$/, ""));
const baseUrl = z.url({ protocol: /^https?$/, message: "must be an http(s):// URL" }).transform((u) => u.replace(/\/+$/, ""));
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");

const schema = z
  .object({
    NODE_ENV: withDefault(z.enum(["development", "production", "test"]), "production"),
    /** Public base URL of this app: used for the OIDC redirect URI and in emailed links. */
    APP_URL: baseUrl,
    /** postgresql://… of the database. The launcher sets it to the embedded PostgreSQL when unset. */
    DATABASE_URL: z
      .string({ message: "is required (postgresql://user@host:port/db)" })
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
    DATABASE_POOL_MAX: withDefault(z.coerce.number().int().min(1).max(100), 10),

    AZURE_TENANT_ID: guid,
    AZURE_CLIENT_ID: guid,
    /** Exactly one credential: a secret, a certificate (PEM with private key), or a federated token file. */
    AZURE_CLIENT_SECRET: optional(z.string().min(1)),
    AZURE_CLIENT_CERTIFICATE_PATH: optional(z.string().min(1)),
    AZURE_FEDERATED_TOKEN_FILE: optional(z.string().min(1)),
    AZURE_AUTHORITY_HOST: withDefault(httpsUrl, "https://login.microsoftonline.com"),
    GRAPH_BASE_URL: withDefault(httpsUrl, "https://graph.microsoft.com"),
    ARM_ENDPOINT: withDefault(httpsUrl, "https://management.azure.com"),

    /** ≥ 32 random bytes, base64: encrypts the MSAL token cache at rest and the sign-in state cookie. */
    TOKEN_ENCRYPTION_KEY: z
      .string({ message: "is required (32 random bytes, base64: `openssl rand -base64 32`)" })
      .refine((v) => Buffer.from(v, "base64").length >= 32, "must be at least 32 bytes of base64"),

    /** Elevation targets as JSON (see docs/configuration.md), or a path to a JSON file. */
    JIT_TARGETS: optional(z.string()),
    JIT_TARGETS_FILE: optional(z.string()),
    AUDITOR_GROUP_ID: guid,
    /** UPN or object id of the mailbox approval emails are sent from (Graph sendMail, app-only Mail.Send). */
    MAIL_SENDER: z.string().min(3),

    /** Where the outbox worker runs: inside the web server (demo, single replica), or in `npm run worker`. */
    WORKER_MODE: withDefault(z.enum(["in-process", "external"]), "in-process"),
    LOG_LEVEL: withDefault(z.enum(["debug", "info", "warn", "error"]), "info"),
    /** Bearer token Prometheus must present on GET /api/metrics; unset = metrics are open (development only). */
    METRICS_TOKEN: optional(z.string().min(16, "must be at least 16 characters")),
  })
  .superRefine((v, ctx) => {
    const creds = [v.AZURE_CLIENT_SECRET, v.AZURE_CLIENT_CERTIFICATE_PATH, v.AZURE_FEDERATED_TOKEN_FILE].filter(Boolean);
    if (creds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["AZURE_CLIENT_SECRET"],
        message:
          "set exactly one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE" +
          (creds.length ? ` (${creds.length} are set)` : ""),
      });
    }
    if (!v.JIT_TARGETS && !v.JIT_TARGETS_FILE) {
      ctx.addIssue({ code: "custom", path: ["JIT_TARGETS"], message: "set JIT_TARGETS (JSON) or JIT_TARGETS_FILE" });
    }
  });

export type Env = z.infer<typeof schema>;

/** Every variable the schema knows (for checks that a deployment sets nothing unknown, e.g. deploy manifests). */
export function envVariableNames(): string[] {
  return Object.keys(schema.shape);
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "(environment)"}: ${i.message}`));
}

let cached: Env | undefined;

/** Parses process.env once and returns it; throws EnvError naming every bad variable. */
export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Test helper: forget the parsed environment so the next loadEnv() reads it again. */
export function resetEnvForTests(): void {
  cached = undefined;
}
