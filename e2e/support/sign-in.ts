import { expect, type Page } from "@playwright/test";

/** Completes the emulator's sign-in page as `upn` (the page lists the seeded users as buttons). */
export async function pickUser(page: Page, upn: string): Promise<void> {
  await page.locator(`button[data-upn="${upn}"]`).click();
}

/** Signs in from the app's landing page and waits until the header shows the user. */
export async function signIn(page: Page, appUrl: string, upn: string, path = "/"): Promise<void> {
  await page.goto(`${appUrl}/api/auth/login?returnTo=${encodeURIComponent(path)}`);
  await pickUser(page, upn);
  await expect(page.getByTestId("user-upn")).toHaveText(upn);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("signed-out")).toBeVisible();
}
