import { describe, expect, it } from "vitest";
import { describeSignInError, normalizeSignInErrorCode } from "./sign-in-error";

describe("sign-in error page text", () => {
  it("explains a rejected client secret and does not offer a pointless retry", () => {
    const view = describeSignInError("AADSTS7000215");
    expect(view.message).toBe(
      "This app's credentials were rejected by Microsoft Entra ID. An administrator must update AZURE_CLIENT_SECRET (AADSTS7000215).",
    );
    expect(view.canRetry).toBe(false);
  });

  it("names an unknown AADSTS code rather than hiding it", () => {
    expect(describeSignInError("AADSTS999999").message).toBe("Microsoft Entra ID refused the sign-in (AADSTS999999).");
  });

  it("has text for our own failures", () => {
    expect(describeSignInError("state_mismatch").title).toBe("Sign-in did not match");
    expect(describeSignInError("sign_in_expired").canRetry).toBe(true);
  });

  it("never echoes an arbitrary code from the URL", () => {
    expect(normalizeSignInErrorCode("<script>alert(1)</script>")).toBe("sign_in_failed");
    expect(normalizeSignInErrorCode(["a", "b"])).toBe("sign_in_failed");
    expect(describeSignInError("x".repeat(100)).code).toBe("sign_in_failed");
    expect(describeSignInError(undefined).title).toBe("Sign-in failed");
  });
});
