import { expect, test } from "@playwright/test";
import { pickUser } from "./support/sign-in";
import { useStack } from "./support/stack";

// The app is deployed with a client secret Entra does not know.
const stack = useStack({ AZURE_CLIENT_SECRET: "this-is-not-the-registered-secret" });

test("a wrong client secret shows a readable error page naming the fix, not a stack trace", async ({ page }) => {
  await page.goto(`${stack().appUrl}/api/auth/login?returnTo=%2F`);
  await pickUser(page, "n01@contoso.example");
  await expect(page.getByTestId("auth-error")).toBeVisible();
  await expect(page.getByTestId("auth-error-message")).toContainText("AZURE_CLIENT_SECRET");
  await expect(page.getByTestId("auth-error-code")).toContainText("7000215");
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/\n\s+at \S+ \(/); // no stack frames
  await expect(page.getByTestId("user-name")).toHaveCount(0);
});
