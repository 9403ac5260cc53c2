/**
 * A check that cannot read what it needs fails, and says why in terms of the fix: missing ARM Reader, missing
 * Graph consent, a wrong resource id, a credential Entra refuses. Messages come from Microsoft's error bodies or
 * our AppError, never from tokens.
 */
import { armErrorInfo } from "@/lib/entra/arm";
import { isAppError } from "@/lib/errors";
import { redact } from "@/lib/log";
import type { Target } from "@/lib/targets";
import type { DoctorContext } from "./context";
import { fail, type CheckOutcome } from "./types";
import { sh } from "./fixes";

function graphErrorInfo(e: unknown): { statusCode: number; code: string; message: string } | undefined {
  const g = e as { statusCode?: unknown; code?: unknown; message?: unknown } | null;
  if (!g || typeof g.statusCode !== "number" || g.statusCode <= 0) return undefined;
  return { statusCode: g.statusCode, code: typeof g.code === "string" ? g.code : "", message: typeof g.message === "string" ? g.message : "" };
}

export function outcomeForError(e: unknown, ctx: DoctorContext, target?: Target): CheckOutcome {
  const clean = (s: string) => String(redact(s)).slice(0, 400);
  if (isAppError(e)) {
    return fail(
      `The app could not get a token from Microsoft Entra ID: ${clean(e.userMessage)}`,
      "Check AZURE_TENANT_ID, AZURE_CLIENT_ID and the credential (secret, certificate or federated token file) against the app registration; see docs/configuration.md.",
    );
  }
  const arm = armErrorInfo(e);
  if (arm) {
    const scope = target?.clusterResourceId ?? "<cluster resource id>";
    if (arm.statusCode === 403) {
      return fail(
        `Azure Resource Manager refused the app (${arm.code}): ${clean(arm.message)}`,
        `Give the app's service principal read access to the cluster:\naz role assignment create --assignee ${ctx.clientId} --role Reader --scope ${sh(scope)}`,
      );
    }
    if (arm.statusCode === 404) {
      return fail(
        `Azure Resource Manager does not know ${scope} (${arm.code}): ${clean(arm.message)}`,
        `Correct clusterResourceId of target "${target?.id ?? "?"}" in JIT_TARGETS (az aks show --resource-group <rg> --name <cluster> --query id -o tsv).`,
      );
    }
    return fail(`Azure Resource Manager answered HTTP ${arm.statusCode} (${arm.code}): ${clean(arm.message)}`, "Retry later; if it persists, check ARM_ENDPOINT.");
  }
  const graph = graphErrorInfo(e);
  if (graph) {
    if (graph.statusCode === 403) {
      return fail(
        `Microsoft Graph refused the app (${graph.code}): ${clean(graph.message)}`,
        'Grant and admin-consent the application permissions listed under "Graph application permissions" (app-permissions).',
      );
    }
    if (graph.statusCode === 404) {
      return fail(`Microsoft Graph could not find an object this check needs (${graph.code}): ${clean(graph.message)}`, "Check the group ids in JIT_TARGETS against Microsoft Entra ID.");
    }
    return fail(`Microsoft Graph answered HTTP ${graph.statusCode} (${graph.code}): ${clean(graph.message)}`, "Retry later; if it persists, check GRAPH_BASE_URL.");
  }
  return fail(`The check could not run: ${clean(e instanceof Error ? e.message : String(e))}`, "Fix the error above and run the check again.");
}
