import { expect, test } from "@playwright/test";
import { pickUser, signIn, signOut } from "./support/sign-in";
import { useStack } from "./support/stack";

const stack = useStack();

test("a requester signs in through the emulator's sign-in page, sees their name, and signs out", async ({ page }) => {
  await page.goto(stack().appUrl);
  await page.getByTestId("sign-in").click();
  await expect(page).toHaveURL(new RegExp(`^${stack().emulatorUrl}/.+/oauth2/v2\\.0/authorize`));
  await pickUser(page, "n01@contoso.example");

  await expect(page.getByTestId("user-name")).toHaveText("Nora Requester");
  await expect(page.getByTestId("user-upn")).toHaveText("n01@contoso.example");
  await expect(page.getByTestId("signed-in-as")).toContainText("Nora Requester (n01@contoso.example)");

  await signOut(page);
  await page.goto(stack().appUrl);
  await expect(page.getByTestId("landing")).toBeVisible();
  await expect(page.getByTestId("user-name")).toHaveCount(0);
});

test("the session cookie is httpOnly and SameSite=Lax, and a new one is issued at every sign-in", async ({ page, context }) => {
  await signIn(page, stack().appUrl, "n01@contoso.example");
  const first = (await context.cookies()).find((c) => c.name.endsWith("jit_session"));
  expect(first).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await signIn(page, stack().appUrl, "n01@contoso.example");
  const second = (await context.cookies()).find((c) => c.name.endsWith("jit_session"));
  expect(second?.value).toBeTruthy();
  expect(second?.value).not.toBe(first?.value);
});

test("a returnTo pointing at another site is ignored", async ({ page }) => {
  await page.goto(`${stack().appUrl}/api/auth/login?returnTo=${encodeURIComponent("https://evil.example/steal")}`);
  await pickUser(page, "n01@contoso.example");
  await expect(page.getByTestId("user-upn")).toHaveText("n01@contoso.example");
  expect(new URL(page.url()).origin).toBe(new URL(stack().appUrl).origin);
  expect(new URL(page.url()).pathname).toBe("/");

  await page.goto(`${stack().appUrl}/api/auth/login?returnTo=${encodeURIComponent("//evil.example")}`);
  await pickUser(page, "n01@contoso.example");
  expect(new URL(page.url()).origin).toBe(new URL(stack().appUrl).origin);
});

test("an ID token whose signature does not match is refused with a readable error page", async ({ page, request }) => {
  await request.patch(`${stack().emulatorUrl}/_emulator/options`, { data: { tamperIdTokens: true } });
  try {
    await page.goto(`${stack().appUrl}/api/auth/login?returnTo=%2F`);
    await pickUser(page, "n01@contoso.example");
    await expect(page.getByTestId("auth-error")).toBeVisible();
    await expect(page.getByTestId("auth-error-message")).toContainText("failed verification");
    expect(await page.locator("body").innerText()).not.toMatch(/\n\s+at \S+ \(/); // no stack frames
    await expect(page.getByTestId("user-name")).toHaveCount(0);
  } finally {
    await request.patch(`${stack().emulatorUrl}/_emulator/options`, { data: { tamperIdTokens: false } });
  }
});
