import { X509Certificate, createHash, createPrivateKey } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { ConfidentialClientApplication, LogLevel, type Configuration, type ICachePlugin, type NodeAuthOptions } from "@azure/msal-node";
import { AppError } from "@/lib/errors";
import { loadEnv, type Env } from "@/lib/env";
import { log } from "@/lib/log";
import { getOpenIdConfiguration } from "./discovery";

/**
 * MSAL configuration from the environment. Two kinds of client:
 *  - one long-lived app-only client for client credentials (Graph/ARM as the app), no user cache plugin;
 *  - a client per request bound to ONE account's cache partition for user tokens (entra-graph-api.md §10.5):
 *    MSAL's in-memory cache is per instance, so sharing one instance between concurrent users would mix them.
 * Nothing here runs at import time; `next build` has no environment.
 */
export type EntraEnv = Pick<
  Env,
  | "AZURE_TENANT_ID"
  | "AZURE_CLIENT_ID"
  | "AZURE_CLIENT_SECRET"
  | "AZURE_CLIENT_CERTIFICATE_PATH"
  | "AZURE_FEDERATED_TOKEN_FILE"
  | "AZURE_AUTHORITY_HOST"
  | "LOG_LEVEL"
>;

/** Hosts MSAL already knows (it has built-in instance metadata for them). Anything else must be trusted explicitly. */
const MICROSOFT_LOGIN_HOSTS = new Set([
  "login.microsoftonline.com",
  "login.microsoft.com",
  "login.windows.net",
  "sts.windows.net",
  "login-us.microsoftonline.com",
  "login.microsoftonline.us",
  "login.usgovcloudapi.net",
  "login.chinacloudapi.cn",
  "login.partner.microsoftonline.cn",
  "login.microsoftonline.de",
  "login.sovcloud-identity.de",
]);

export function authorityFor(env: Pick<Env, "AZURE_AUTHORITY_HOST" | "AZURE_TENANT_ID">): string {
  return `${env.AZURE_AUTHORITY_HOST.replace(/\/+$/, "")}/${env.AZURE_TENANT_ID}`;
}

/**
 * Without this MSAL would ask login.microsoftonline.com whether a non-Microsoft host is a valid authority
 * (instance discovery), which fails offline and rejects private hosts. Listing the host is plain configuration:
 * the same code path serves Entra and the emulator.
 */
export function knownAuthoritiesFor(authorityHost: string): string[] {
  const { host, hostname } = new URL(authorityHost);
  return MICROSOFT_LOGIN_HOSTS.has(hostname.toLowerCase()) ? [] : [host];
}

export function redirectUriFor(appUrl: string): string {
  return `${appUrl.replace(/\/+$/, "")}/api/auth/callback`;
}

type Credential = Pick<NodeAuthOptions, "clientSecret" | "clientCertificate" | "clientAssertion">;

/** Exactly one credential, as lib/env.ts guarantees. */
export function clientCredential(env: EntraEnv): Credential {
  if (env.AZURE_CLIENT_SECRET) return { clientSecret: env.AZURE_CLIENT_SECRET };
  if (env.AZURE_CLIENT_CERTIFICATE_PATH) return { clientCertificate: loadCertificate(env.AZURE_CLIENT_CERTIFICATE_PATH) };
  const tokenFile = env.AZURE_FEDERATED_TOKEN_FILE;
  if (tokenFile) {
    // kubelet rotates the projected service-account token (about hourly): read it on every token request.
    return {
      clientAssertion: async () => {
        const assertion = (await readFile(tokenFile, "utf8")).trim();
        if (!assertion) throw new AppError("misconfigured", `AZURE_FEDERATED_TOKEN_FILE (${tokenFile}) is empty.`);
        return assertion;
      },
    };
  }
  throw new AppError("misconfigured", "No Entra credential: set AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE.");
}

type CertificateCredential = NonNullable<NodeAuthOptions["clientCertificate"]>;
const certificates = new Map<string, { version: string; credential: CertificateCredential }>();

function fileVersion(path: string): string {
  const s = statSync(path);
  return `${s.mtimeMs}:${s.size}`;
}

/**
 * Reads a PEM file holding the certificate (optionally followed by its chain) and the unencrypted private key.
 * Re-parsed only when the file changes, so a rotated certificate (e.g. a Key Vault CSI mount) is picked up.
 */
export function loadCertificate(path: string): CertificateCredential {
  const where = `AZURE_CLIENT_CERTIFICATE_PATH (${path})`;
  let version: string;
  let pem: string;
  try {
    version = fileVersion(path);
    const hit = certificates.get(path);
    if (hit?.version === version) return hit.credential;
    pem = readFileSync(path, "utf8");
  } catch (e) {
    throw new AppError("misconfigured", `${where} cannot be read.`, { cause: e });
  }
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const keyPem = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
  const leafPem = certs[0];
  if (!leafPem) throw new AppError("misconfigured", `${where} contains no certificate.`);
  if (!keyPem) throw new AppError("misconfigured", `${where} contains no unencrypted private key.`);
  const leaf = new X509Certificate(leafPem);
  const key = createPrivateKey(keyPem);
  if (!leaf.checkPrivateKey(key)) throw new AppError("misconfigured", `${where}: the private key does not belong to the certificate.`);
  const credential: CertificateCredential = {
    thumbprintSha256: createHash("sha256").update(leaf.raw).digest("hex"),
    privateKey: key.export({ type: "pkcs8", format: "pem" }).toString(),
    // Sent as the x5c header so Entra can use subject-name + issuer authentication.
    x5c: certs.join("\n"),
  };
  certificates.set(path, { version, credential });
  return credential;
}

function loggerOptions(env: EntraEnv) {
  return {
    piiLoggingEnabled: false,
    logLevel: env.LOG_LEVEL === "debug" ? LogLevel.Info : LogLevel.Warning,
    loggerCallback: (level: LogLevel, message: string, containsPii: boolean) => {
      if (containsPii) return;
      if (level === LogLevel.Error) log.error("msal", { message });
      // Client-credential responses never carry client_info, so MSAL warns on every app token: not news.
      else if (level === LogLevel.Warning && !message.includes("No client info in response")) log.warn("msal", { message });
      else log.debug("msal", { message });
    },
  };
}

export function msalConfiguration(
  env: EntraEnv,
  options: { cachePlugin?: ICachePlugin; authorityMetadata?: string } = {},
): Configuration {
  const knownAuthorities = knownAuthoritiesFor(env.AZURE_AUTHORITY_HOST);
  return {
    auth: {
      clientId: env.AZURE_CLIENT_ID,
      authority: authorityFor(env),
      ...(knownAuthorities.length ? { knownAuthorities } : {}),
      ...(options.authorityMetadata ? { authorityMetadata: options.authorityMetadata } : {}),
      ...clientCredential(env),
    },
    ...(options.cachePlugin ? { cache: { cachePlugin: options.cachePlugin } } : {}),
    system: { loggerOptions: loggerOptions(env) },
  };
}

let appClient: { env: EntraEnv; credentialVersion: string; cca: ConfidentialClientApplication } | undefined;

/** The long-lived app-only client. Rebuilt when the configuration or the certificate file changes. */
export function getAppClient(env: EntraEnv = loadEnv()): ConfidentialClientApplication {
  const credentialVersion = env.AZURE_CLIENT_CERTIFICATE_PATH ? fileVersion(env.AZURE_CLIENT_CERTIFICATE_PATH) : "";
  if (appClient?.env !== env || appClient.credentialVersion !== credentialVersion) {
    appClient = { env, credentialVersion, cca: new ConfidentialClientApplication(msalConfiguration(env)) };
  }
  return appClient.cca;
}

/**
 * A fresh client for one request. `cachePlugin` binds it to one account's cache partition (token-cache.ts);
 * without it (sign-in) the cache lives in memory until the caller persists it after verifying the ID token.
 */
export async function createUserClient(
  options: { cachePlugin?: ICachePlugin; env?: EntraEnv } = {},
): Promise<ConfidentialClientApplication> {
  const env = options.env ?? loadEnv();
  const metadata = await getOpenIdConfiguration(authorityFor(env));
  return new ConfidentialClientApplication(
    msalConfiguration(env, { cachePlugin: options.cachePlugin, authorityMetadata: JSON.stringify(metadata) }),
  );
}
