/**
 * The remedies for PIM policy findings are exact: sending the URL and body from the suggested `az rest` command
 * to Graph (here the emulator, with a token allowed to write policies) makes the failing check pass.
 */
import { describe, expect, it } from "vitest";
import { runDoctor } from "@/lib/doctor/run-doctor";
import { applyPatch, misconfiguredTenant } from "./fixture-patch";
import { setupDoctorEnvironment } from "./doctor-env";

const env = setupDoctorEnvironment();

/** URL and JSON body of an `az rest --method patch … --url … --body '…'` command as lib/doctor/fixes.ts writes it. */
function parseAzRest(fix: string): { url: URL; body: unknown } {
  const url = /--url '?([^'\s]+)'?/.exec(fix)?.[1];
  const body = /--body '((?:[^']|'\\'')*)'/.exec(fix)?.[1]?.replace(/'\\''/g, "'");
  if (!url || !body) throw new Error(`not an az rest command: ${fix}`);
  return { url: new URL(url), body: JSON.parse(body) as unknown };
}

describe("policy remedies", () => {
  for (const [fixture, check] of [
    ["no-approval-required", "approval-required"],
    ["wrong-approver-group", "approver-policy"],
    ["max-duration-too-short", "max-duration"],
    ["justification-not-required", "justification-required"],
  ] as const) {
    it(`applying the suggested PATCH for ${fixture} makes ${check} pass`, async () => {
      // Only so the test can play the administrator: the app itself never holds a policy write permission.
      env().useTenant(
        applyPatch(misconfiguredTenant(fixture), [
          { op: "add", path: "/applications/0/applicationPermissions/https:~1~1graph.microsoft.com/-", value: "RoleManagementPolicy.ReadWrite.AzureADGroup" },
        ]),
      );
      const before = (await runDoctor()).results.find((r) => r.id === check);
      expect(before?.status).toBe("fail");

      const { url, body } = parseAzRest(before?.fix ?? "");
      expect(url.origin).toBe(env().emulator.url);
      const graph = env().emulator.graph(await env().emulator.appToken("graph"));
      await graph.api(url.pathname.replace(/^\/v1\.0/, "")).patch(body);

      const after = (await runDoctor()).results.find((r) => r.id === check);
      expect(after?.status, after?.detail).toBe("pass");
    });
  }
});
