/**
 * Helpers for the request/approval flow specs (e2e/flow-*.spec.ts): people in their own browser contexts, the
 * request form, the emulator's mailbox and state. Everything goes through the browser or the emulator's public
 * test hooks — never the app's database.
 */
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { signIn } from "./support/sign-in";
import type { TestStack } from "./support/stack";

export const upn = {
  n01: "n01@contoso.example",
  n02: "n02@contoso.example",
  p01: "p01@contoso.example",
  p02: "p02@contoso.example",
  o01: "o01@contoso.example",
} as const;

export const userId = {
  n01: "5e4d3c2b-0000-4000-8000-00000000c001",
  n02: "5e4d3c2b-0000-4000-8000-00000000c002",
} as const;

export const ADMIN_GROUP_ID = "9a8b7c6d-0000-4000-8000-00000000b001";

export interface Person {
  context: BrowserContext;
  page: Page;
}

/** A fresh browser context (own cookies) for one person; signs in when `path` is given. */
export async function person(browser: Browser, stack: TestStack, who: string, path?: string, options: { timezoneId?: string } = {}): Promise<Person> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, ...options });
  const page = await context.newPage();
  if (path !== undefined) await signIn(page, stack.appUrl, who, path);
  return { context, page };
}

/** Fills and submits the request form; returns the new request's id (from the page it lands on). */
export async function submitRequest(page: Page, appUrl: string, a: { minutes: number; justification: string; ticket?: string }): Promise<string> {
  await page.goto(`${appUrl}/requests/new`);
  await expect(page.getByTestId("request-form")).toBeVisible();
  await page.locator(`[data-testid="duration-option"][data-minutes="${a.minutes}"]`).click();
  await page.getByLabel("Justification").fill(a.justification);
  if (a.ticket) await page.getByLabel(/Ticket number/).fill(a.ticket);
  await page.getByTestId("submit-request").click();
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}(\?.*)?$/);
  const id = /\/requests\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  if (!id) throw new Error(`no request id in ${page.url()}`);
  return id;
}

export interface Mail {
  id: string;
  subject: string;
  to: { address: string }[];
  body: { contentType: string; content: string };
  headers: { name: string; value: string }[];
}

export async function mailbox(request: APIRequestContext, stack: TestStack, address: string): Promise<Mail[]> {
  const res = await request.get(`${stack.emulatorUrl}/_emulator/mail?to=${encodeURIComponent(address)}`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { value: Mail[] }).value;
}

const requestIdOf = (m: Mail) => m.headers.find((h) => h.name.toLowerCase() === "x-jit-request-id")?.value;

/** Waits (bounded) for a mail to `address` about `requestId` whose subject matches. */
export async function waitForMail(request: APIRequestContext, stack: TestStack, address: string, requestId: string, subject: RegExp): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        found = (await mailbox(request, stack, address)).find((m) => requestIdOf(m) === requestId && subject.test(m.subject));
        return found !== undefined;
      },
      { timeout: 30_000, message: `mail "${String(subject)}" to ${address}` },
    )
    .toBe(true);
  return found!;
}

export async function mailsAbout(request: APIRequestContext, stack: TestStack, address: string, requestId: string): Promise<Mail[]> {
  return (await mailbox(request, stack, address)).filter((m) => requestIdOf(m) === requestId);
}

/** The personal approval link in an approval email. */
export function approvalLinkIn(mail: Mail): string {
  const m = /href="([^"]*\/approve\/[A-Za-z0-9_-]{43})"/.exec(mail.body.content);
  if (!m?.[1]) throw new Error(`no approval link in "${mail.subject}"`);
  return m[1].replace(/&amp;/g, "&");
}

/** Members of a group in the emulated directory (its state dump, as the emulator UI shows it). */
export async function groupMembers(request: APIRequestContext, stack: TestStack, groupId: string): Promise<string[]> {
  const res = await request.get(`${stack.emulatorUrl}/_emulator/state`);
  const state = (await res.json()) as { slices: { directory: { groups: { id: string; members: string[] }[] } } };
  return state.slices.directory.groups.find((g) => g.id === groupId)?.members ?? [];
}

/** PIM assignment requests of one principal in the emulator (to prove nothing reached PIM). */
export async function pimRequestsOf(request: APIRequestContext, stack: TestStack, principalId: string): Promise<unknown[]> {
  const res = await request.get(`${stack.emulatorUrl}/_emulator/state`);
  const state = (await res.json()) as { slices: { pim?: { requests?: { principalId?: string; family?: string }[] } } };
  return (state.slices.pim?.requests ?? []).filter((r) => r.principalId === principalId);
}

export async function advanceEmulatorClock(request: APIRequestContext, stack: TestStack, seconds: number): Promise<void> {
  const res = await request.post(`${stack.emulatorUrl}/_emulator/clock`, { data: { advanceSeconds: seconds } });
  expect(res.ok()).toBe(true);
}

/** The request's status as the app reports it to the signed-in viewer (the page's live-update route). */
export async function requestStatus(page: Page, appUrl: string, requestId: string): Promise<string> {
  const res = await page.request.get(`${appUrl}/requests/${requestId}/status`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { status: string }).status;
}
