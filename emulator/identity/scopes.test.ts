import { describe, expect, it } from "vitest";
import { AadError, type FixtureApplication } from "../core/types";
import { grantedDelegatedScopes, parseClientCredentialsScope, parseScopes, scopeEcho } from "./scopes";

const app = {
  appId: "a",
  displayName: "A",
  delegatedPermissions: { "https://graph.microsoft.com": ["openid", "offline_access", "User.Read", "Mail.Send"] },
} as unknown as FixtureApplication;

function aadsts(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AadError ? err.aadsts : undefined;
  }
  return undefined;
}

describe("scopes", () => {
  it("treats bare names as Graph and echoes the non-OIDC scopes as the client wrote them", () => {
    const parsed = parseScopes("User.Read https://graph.microsoft.com/Mail.Send openid offline_access");
    expect(parsed.resource.id).toBe("https://graph.microsoft.com");
    expect(parsed.names).toEqual(["User.Read", "Mail.Send"]);
    expect(scopeEcho(parsed)).toBe("User.Read https://graph.microsoft.com/Mail.Send");
  });

  it("grants every consented delegated scope of the resource, and refuses unconsented ones with 65001", () => {
    expect(grantedDelegatedScopes(app, parseScopes("User.Read"))).toEqual(["openid", "User.Read", "Mail.Send"]);
    expect(aadsts(() => grantedDelegatedScopes(app, parseScopes("Directory.ReadWrite.All")))).toBe(65001);
  });

  it("rejects scopes of two resources and unknown resources", () => {
    expect(aadsts(() => parseScopes("User.Read https://management.azure.com/user_impersonation"))).toBe(28000);
    expect(aadsts(() => parseScopes("api://unknown/read"))).toBe(500011);
  });

  it("requires exactly one <resource>/.default for client credentials and keeps ARM's requested audience", () => {
    expect(parseClientCredentialsScope("https://management.core.windows.net/.default").audience).toBe("https://management.core.windows.net/");
    expect(parseClientCredentialsScope("https://management.azure.com/.default").audience).toBe("https://management.azure.com/");
    expect(aadsts(() => parseClientCredentialsScope("https://graph.microsoft.com/User.Read"))).toBe(1002012);
    expect(aadsts(() => parseClientCredentialsScope("https://graph.microsoft.com/.default https://management.azure.com/.default"))).toBe(70011);
  });
});
