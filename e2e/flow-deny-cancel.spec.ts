/**
 * The other ways a request ends, and what requesters and approvers see on the way: invalid input is refused in
 * place (nothing reaches PIM), an approver denies from the inbox, a requester cancels, nobody sees someone
 * else's request, and "My requests" lists it all in the reader's time zone.
 *
 * data-testids used (app):
 *   /requests/new     request-form, duration-option[data-minutes], submit-request, justification-error, form-error
 *   /requests         no-requests, current-elevation, pending-requests, history-requests, request-row[data-status]
 *   /requests/{id}    status-panel[data-status], status-title, denial-reason, cancel-request, confirm-cancel,
 *                     request-notice, decision[data-kind], timeline-event[data-action], fact-submitted, not-found
 *   /approvals        approvals-badge (header), inbox-row[data-request-id], inbox-empty, decided-row[data-kind]
 *   /approvals/{id}   decision-form, reason-error, deny, decision-outcome[data-outcome], my-decision[data-kind]
 *   /approve/{token}  link-refused-reason[data-reason], already-decided
 * Emulator: /_emulator/mail, /_emulator/state (test hooks).
 */
import { expect, test } from "@playwright/test";
import { approvalLinkIn, mailsAbout, person, pimRequestsOf, requestStatus, submitRequest, upn, userId, waitForMail } from "./flow-helpers";
import { useStack } from "./support/stack";

const stack = useStack();

test("an invalid request is refused next to the field, keeps what was typed, and nothing reaches PIM", async ({ browser, request }) => {
  const { appUrl } = stack();
  const n01 = await person(browser, stack(), upn.n01, "/requests");
  await expect(n01.page.getByTestId("no-requests")).toBeVisible();

  await n01.page.goto(`${appUrl}/requests/new`);
  await n01.page.locator('[data-testid="duration-option"][data-minutes="120"]').click();
  await n01.page.getByLabel("Justification").fill("too short");
  await n01.page.getByLabel(/Ticket number/).fill("INC 42 with spaces");
  await n01.page.getByTestId("submit-request").click();

  await expect(n01.page.getByTestId("justification-error")).toContainText("at least 10 characters");
  await expect(n01.page.getByTestId("ticketNumber-error")).toBeVisible();
  await expect(n01.page.getByTestId("form-error")).toBeVisible();
  await expect(n01.page.getByLabel("Justification")).toHaveValue("too short");
  await expect(n01.page.getByLabel("Justification")).toHaveAttribute("aria-invalid", "true");
  await expect(n01.page.locator('[data-testid="duration-option"][data-minutes="120"] input')).toBeChecked();
  await expect(n01.page).toHaveURL(`${appUrl}/requests/new`);

  expect(await pimRequestsOf(request, stack(), userId.n01)).toEqual([]);
  await n01.page.goto(`${appUrl}/requests`);
  await expect(n01.page.getByTestId("no-requests")).toBeVisible();
  await n01.context.close();
});

test("p02 denies from the inbox with a reason; n01 sees it without reloading", async ({ browser, request }) => {
  const { appUrl } = stack();
  const n01 = await person(browser, stack(), upn.n01, "/requests/new");
  const requestId = await submitRequest(n01.page, appUrl, { minutes: 30, justification: "Look at the kube-system pods crash-looping" });
  await waitForMail(request, stack(), upn.p02, requestId, /Approval needed/);

  const p02 = await person(browser, stack(), upn.p02, "/approvals");
  await expect(p02.page.getByTestId("approvals-badge")).toHaveAttribute("data-count", "1");
  await p02.page.locator(`[data-testid="inbox-row"][data-request-id="${requestId}"]`).getByRole("link").click();
  await expect(p02.page).toHaveURL(`${appUrl}/approvals/${requestId}`);

  await p02.page.getByTestId("deny").click();
  await expect(p02.page.getByTestId("reason-error")).toBeVisible();
  expect(await requestStatus(n01.page, appUrl, requestId)).toBe("pending_approval");

  await p02.page.getByLabel("Reason").fill("Use the read-only role for this; no admin needed");
  await p02.page.getByTestId("deny").click();
  await expect(p02.page.getByTestId("decision-outcome")).toHaveAttribute("data-outcome", "denied");
  await expect(p02.page.getByTestId("my-decision")).toHaveAttribute("data-kind", "deny");
  await expect(p02.page.getByTestId("approvals-badge")).toHaveCount(0);

  // n01's open page follows by itself.
  await expect(n01.page.getByTestId("status-panel")).toHaveAttribute("data-status", "denied");
  await expect(n01.page.getByTestId("status-title")).toHaveText("Denied by Paul Approver");
  await expect(n01.page.getByTestId("denial-reason")).toContainText("Use the read-only role");
  await waitForMail(request, stack(), upn.n01, requestId, /Denied/);

  // p01's link is now refused, and the request left p01's inbox.
  const p01Link = approvalLinkIn(await waitForMail(request, stack(), upn.p01, requestId, /Approval needed/));
  const p01 = await person(browser, stack(), upn.p01, "/approvals");
  await expect(p01.page.getByTestId("inbox-empty")).toBeVisible();
  await p01.page.goto(p01Link);
  await expect(p01.page.getByTestId("link-refused-reason")).toHaveAttribute("data-reason", "not_pending");
  await expect(p01.page.getByTestId("already-decided")).toContainText("denied by Paul Approver");

  await n01.context.close();
  await p01.context.close();
  await p02.context.close();
});

test("n01 cancels a pending request; approvers are told and their links stop working", async ({ browser, request }) => {
  const { appUrl } = stack();
  const n01 = await person(browser, stack(), upn.n01, "/requests/new");
  const requestId = await submitRequest(n01.page, appUrl, { minutes: 60, justification: "Rotate the ingress TLS certificate by hand" });
  const p01Link = approvalLinkIn(await waitForMail(request, stack(), upn.p01, requestId, /Approval needed/));

  await n01.page.getByTestId("cancel-request").click();
  await n01.page.getByTestId("confirm-cancel").click();
  await expect(n01.page.getByTestId("request-notice")).toContainText("Your request was canceled");
  await expect(n01.page.getByTestId("status-panel")).toHaveAttribute("data-status", "canceled");
  await expect(n01.page.locator('[data-testid="timeline-event"][data-action="request.canceled"]')).toContainText("Canceled by the requester");
  await expect(n01.page.getByTestId("cancel-request")).toHaveCount(0);

  await waitForMail(request, stack(), upn.p01, requestId, /No action needed/);
  const p01 = await person(browser, stack(), upn.p01, "/approvals");
  await expect(p01.page.getByTestId("inbox-empty")).toBeVisible();
  await p01.page.goto(p01Link);
  await expect(p01.page.getByTestId("link-refused-reason")).toHaveAttribute("data-reason", "not_pending");
  await expect(p01.page.getByTestId("already-decided")).toContainText("canceled by the requester");
  expect((await mailsAbout(request, stack(), upn.o01, requestId)).length).toBe(0);

  await n01.context.close();
  await p01.context.close();
});

test("nobody else can open a request: another requester gets the not-found page, also for its status and approval paths", async ({ browser }) => {
  const { appUrl } = stack();
  const n01 = await person(browser, stack(), upn.n01, "/requests");
  const rows = n01.page.getByTestId("request-row");
  await expect(rows).toHaveCount(2);
  const requestId = await rows.first().getAttribute("data-request-id");
  if (!requestId) throw new Error("no request row");

  const n02 = await person(browser, stack(), upn.n02, `/requests`);
  await expect(n02.page.getByTestId("no-requests")).toBeVisible();
  await n02.page.goto(`${appUrl}/requests/${requestId}`);
  await expect(n02.page.getByTestId("not-found")).toBeVisible();
  expect((await n02.page.request.get(`${appUrl}/requests/${requestId}/status`)).status()).toBe(404);
  await n02.page.goto(`${appUrl}/approvals/${requestId}`);
  await expect(n02.page.getByTestId("not-found")).toBeVisible();
  await n02.page.goto(`${appUrl}/requests/not-a-uuid`);
  await expect(n02.page.getByTestId("not-found")).toBeVisible();

  await n01.context.close();
  await n02.context.close();
});

test("My requests lists history newest first, with status and times in the reader's time zone", async ({ browser }) => {
  const n01 = await person(browser, stack(), upn.n01, "/requests", { timezoneId: "America/New_York" });
  const history = n01.page.getByTestId("history-requests").getByTestId("request-row");
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toHaveAttribute("data-status", "canceled");
  await expect(history.nth(1)).toHaveAttribute("data-status", "denied");
  await expect(history.nth(0)).toContainText("1 hour");
  await expect(history.nth(1)).toContainText("30 minutes");
  // Eastern time, not UTC: the browser's own zone.
  await expect(history.nth(0).locator("time")).toContainText(/E[SD]T|GMT-[45]/);
  await expect(n01.page.getByTestId("current-elevation")).toHaveCount(0);
  await n01.context.close();
});
