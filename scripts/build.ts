/**
 * `npm run build`: the production build as it ships in the container — Next's standalone server with its static
 * assets and public/ copied beside it (Next leaves that copy to the deployer). The demo and the end-to-end tests
 * run exactly this server.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { repoRoot, writeBuildStamp } from "./stack";

export function build(): boolean {
  const r = spawnSync(process.execPath, [path.join(repoRoot, "node_modules/next/dist/bin/next"), "build"], {
    cwd: repoRoot,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) return false;
  const standalone = path.join(repoRoot, ".next", "standalone");
  if (!existsSync(path.join(standalone, "server.js"))) {
    process.stderr.write("next build did not produce .next/standalone/server.js (is output: 'standalone' set?)\n");
    return false;
  }
  for (const [from, to] of [
    [path.join(repoRoot, ".next", "static"), path.join(standalone, ".next", "static")],
    [path.join(repoRoot, "public"), path.join(standalone, "public")],
  ] as const) {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
  }
  writeBuildStamp();
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(build() ? 0 : 1);
}
