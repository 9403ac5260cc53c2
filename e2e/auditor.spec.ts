/**
 * The auditor's view: history filtered by requester, a request's audit timeline, and a CSV export whose rows
 * match the filter. Test ids: history-filters, apply-filters, history-row, audit-trail, audit-event, export-csv.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { person, submitRequest, upn } from "./flow-helpers";
import { useStack } from "./support/stack";

const stack = useStack();

test("the auditor filters the history by requester, opens a timeline and downloads a CSV of exactly the matching rows", async ({ browser }) => {
  const n01 = await person(browser, stack(), upn.n01, "/requests/new");
  const n01Request = await submitRequest(n01.page, stack().appUrl, { minutes: 60, justification: "Audit trail check for the n01 rollout", ticket: "CHG-1001" });
  const n02 = await person(browser, stack(), upn.n02, "/requests/new");
  const n02Request = await submitRequest(n02.page, stack().appUrl, { minutes: 30, justification: "Investigate the n02 node pressure alert" });

  // Someone outside the auditor group learns nothing: the history is "not found" for them.
  await n01.page.goto(`${stack().appUrl}/history`);
  await expect(n01.page.getByTestId("not-found")).toBeVisible();

  const a01 = await person(browser, stack(), "a01@contoso.example", "/history");
  await expect(a01.page.getByTestId("history-row")).toHaveCount(2);
  await a01.page.getByTestId("history-filters").getByLabel(/Requester/).fill(upn.n01);
  await a01.page.getByTestId("apply-filters").click();
  await expect(a01.page.getByTestId("history-row")).toHaveCount(1);
  await expect(a01.page.getByTestId("history-row")).toContainText(upn.n01);

  const [download] = await Promise.all([a01.page.waitForEvent("download"), a01.page.getByTestId("export-csv").click()]);
  const csv = readFileSync(await download.path(), "utf8").trim().split(/\r?\n/);
  expect(csv).toHaveLength(2); // header + the one matching request
  expect(csv[1]).toContain(n01Request);
  expect(csv[1]).toContain(upn.n01);
  expect(csv.join("\n")).not.toContain(n02Request);

  await a01.page.getByTestId("history-row").getByRole("link").first().click();
  await expect(a01.page.getByTestId("audit-trail")).toBeVisible();
  await expect(a01.page.locator('[data-testid="audit-event"]').first()).toBeVisible();
  await expect(a01.page.getByTestId("audit-trail")).toContainText("request.submitted");

  for (const p of [n01, n02, a01]) await p.context.close();
});
