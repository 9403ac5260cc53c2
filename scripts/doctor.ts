/**
 * `npm run doctor` — the setup check from the command line: the same checks as the auditor page /admin/setup,
 * run with the app's own credentials. It reads its configuration through lib/env.ts exactly like the app, so it
 * needs the app's environment (in Kubernetes: `kubectl exec deploy/aks-jit-access -- node dist/doctor.mjs`).
 *
 *   npm run doctor            readable report (✔ pass, ! warning, ✘ failure, with the remedy under each)
 *   npm run doctor -- --json  the report as JSON
 *
 * Exit code: 0 when nothing failed (warnings allowed), 1 on any failure or an invalid configuration.
 */
import { runDoctor } from "@/lib/doctor/run-doctor";
import { formatReport } from "@/lib/doctor/format-report";
import { EnvError, loadEnv } from "@/lib/env";
import { setLogLevel } from "@/lib/log";

async function main(): Promise<number> {
  const asJson = process.argv.includes("--json");
  try {
    const env = loadEnv();
    // The report is the output; library chatter would only get in its way.
    setLogLevel(env.LOG_LEVEL === "debug" ? "debug" : "error");
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    console.error(`${e.message}\n\nThe setup check needs the same environment as the app (docs/configuration.md).`);
    return 1;
  }
  const report = await runDoctor();
  console.log(asJson ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.isHealthy ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`doctor failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
