/**
 * CLI: `tsx emulator/main.ts --port 8443 --data-dir .data [--fixture path] [--no-persist] [--host 127.0.0.1]`.
 * Prints the URL and the CA path; shuts down cleanly (state flushed) on SIGINT/SIGTERM.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8443" },
    host: { type: "string", default: "127.0.0.1" },
    "data-dir": { type: "string", default: ".data" },
    fixture: { type: "string" },
    "no-persist": { type: "boolean", default: false },
    "public-url": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write("Usage: tsx emulator/main.ts [--port 8443] [--host 127.0.0.1] [--data-dir .data] [--fixture file.json] [--no-persist] [--public-url https://host:port]\n");
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`--port must be a number between 0 and 65535, got "${values.port}"\n`);
  process.exit(2);
}

try {
  const emulator = await startEmulator({
    port,
    host: values.host,
    dataDir: path.resolve(values["data-dir"]),
    persist: !values["no-persist"],
    ...(values.fixture ? { fixture: path.resolve(values.fixture) } : {}),
    ...(values["public-url"] ? { publicUrl: values["public-url"] } : {}),
  });
  process.stdout.write(
    [
      `Tenant emulator listening on ${emulator.url}`,
      `  tenant:     ${emulator.tenantId}`,
      `  authority:  ${emulator.url}/${emulator.tenantId}`,
      `  UI/hooks:   ${emulator.url}/_emulator`,
      `  CA:         ${emulator.caPath}   (export NODE_EXTRA_CA_CERTS=${emulator.caPath})`,
      "",
    ].join("\n"),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the emulator…\n`);
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
} catch (err) {
  process.stderr.write(`Could not start the emulator: ${(err as Error).message}\n`);
  process.exit(1);
}
