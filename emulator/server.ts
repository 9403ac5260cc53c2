/**
 * Starts the tenant emulator: one HTTPS origin serving Entra login (`/{tenantId}/…`), Microsoft Graph
 * (`/v1.0/…`), ARM (`/subscriptions/…`, `/providers/…`) and the test hooks + UI (`/_emulator…`).
 */
import https from "node:https";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { log } from "../lib/log";
import { createDispatcher } from "./core/dispatch";
import { EmulatorCore } from "./core/emulator-core";
import { defaultFixturePath, parseFixture, readFixtureFile } from "./core/fixture";
import { ensureCertificateAuthority, issueServerCertificate } from "./core/tls";
import type { EmulatorModule, Services, TenantFixture } from "./core/types";
import { createDirectoryService, directoryModule } from "./directory";
import { registerHooks } from "./hooks";
import { createAuthenticator, createIdentityModule, loadOrCreateSigningKey } from "./identity";
import { appendMail, mailModule, recipientsOf, type MailState } from "./mail";
import { modules as featureModules } from "./modules";
import { registerUi } from "./ui";

export interface StartEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Holds `tls/` (unless tlsDir is given), `emulator/signing-key.pem` and `emulator/state.json`. */
  dataDir: string;
  /** Where the CA and server certificate live; default `<dataDir>/tls`. Tests share the repo's CA. */
  tlsDir?: string;
  /** A fixture file path or object; default emulator/fixtures/tenant.json. */
  fixture?: string | TenantFixture;
  /** Save state to `<dataDir>/emulator/state.json` and restore it on start (the demo does). */
  persist?: boolean;
  /** Public origin when behind a proxy; default derived from the Host header (loopback) or https://localhost:<port>. */
  publicUrl?: string;
}

export interface RunningEmulator {
  url: string;
  readonly tenantId: string;
  caPath: string;
  services: Services;
  core: EmulatorCore;
  reset(): void;
  loadFixture(fixture: unknown): void;
  stop(): Promise<void>;
}

const loopbackHost = /^(localhost|127\.0\.0\.1|\[::1\]):\d{1,5}$/i;

export async function startEmulator(opts: StartEmulatorOptions): Promise<RunningEmulator> {
  const dataDir = path.resolve(opts.dataDir);
  const ca = ensureCertificateAuthority(opts.tlsDir ?? path.join(dataDir, "tls"));
  const cert = issueServerCertificate(ca, opts.tlsDir ?? path.join(dataDir, "tls"));
  const key = loadOrCreateSigningKey(path.join(dataDir, "emulator"));
  const fixture = typeof opts.fixture === "object" ? parseFixture(opts.fixture) : readFixtureFile(opts.fixture ?? defaultFixturePath);

  const modules: EmulatorModule[] = [createIdentityModule(key), directoryModule, mailModule, ...featureModules];
  const core = new EmulatorCore({
    modules,
    directoryModuleName: directoryModule.name,
    createDirectory: createDirectoryService,
    mail: { moduleName: mailModule.name, append: (slice, message, clock) => appendMail(slice as MailState, message, clock) },
    fixture,
    ...(opts.persist ? { stateFile: path.join(dataDir, "emulator", "state.json") } : {}),
    logError: (msg, fields) => log.error(msg, fields),
  });
  const started = core.start();
  registerHooks(core.router, { core, mailModuleName: mailModule.name, recipientsOf });
  registerUi(core.router, core.services, modules);

  let port = opts.port ?? 0;
  const defaultBase = () => opts.publicUrl?.replace(/\/+$/, "") ?? `https://localhost:${port}`;
  const baseUrlFor = (req: IncomingMessage) => {
    if (opts.publicUrl) return defaultBase();
    const host = req.headers.host;
    return host && loopbackHost.test(host) ? `https://${host.toLowerCase()}` : defaultBase();
  };
  const dispatch = createDispatcher({
    router: core.router,
    services: core.services,
    faults: core.faults,
    tick: () => core.tick(),
    authenticate: createAuthenticator(key),
    baseUrlFor,
    options: () => core.services.options(),
    logError: (msg, fields) => log.error(msg, fields),
  });

  const server = https.createServer(
    {
      cert: cert.certPem,
      key: cert.keyPem,
      // A client that stalls must not pin a socket forever.
      requestTimeout: 60_000,
      headersTimeout: 15_000,
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      dispatch(req, res).catch((err: unknown) => {
        log.error("emulator request failed", { err });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
  );
  server.on("clientError", (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  log.debug("emulator started", { url: defaultBase(), state: started });

  return {
    url: defaultBase(),
    get tenantId() {
      return core.services.tenantId;
    },
    caPath: ca.caPath,
    services: core.services,
    core,
    reset: () => core.reset(),
    loadFixture: (f) => core.loadFixture(f),
    stop: async () => {
      core.flush();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
