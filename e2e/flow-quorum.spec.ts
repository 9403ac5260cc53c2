/**
 * A target that needs two approvals: the first approval is recorded by the app only, the same approver cannot
 * count twice, and the second approver's decision is the one sent to PIM.
 *
 * data-testids used (app):
 *   /approve/{token}  approve, decision-outcome[data-outcome], quorum-progress[data-approvals][data-quorum],
 *                     link-refused-reason[data-reason]
 *   /approvals/{id}   my-decision[data-kind], decision-form
 *   /requests/{id}    status-panel[data-status], quorum-progress, decision[data-kind], timeline-event[data-action]
 */
import { expect, test } from "@playwright/test";
import { demoTargets } from "../scripts/stack";
import { ADMIN_GROUP_ID, approvalLinkIn, groupMembers, person, requestStatus, submitRequest, upn, userId, waitForMail } from "./flow-helpers";
import { useStack } from "./support/stack";

const [target] = demoTargets() as Record<string, unknown>[];
const stack = useStack({ JIT_TARGETS: JSON.stringify([{ ...target, quorum: 2 }]) });

test("with quorum 2, one approval is recorded and PIM grants only after a second, different approver", async ({ browser, request }) => {
  test.setTimeout(150_000);
  const { appUrl } = stack();
  const n01 = await person(browser, stack(), upn.n01, "/requests/new");
  await expect(n01.page.getByTestId("target-option")).toContainText("2 approvals needed");
  const requestId = await submitRequest(n01.page, appUrl, { minutes: 120, justification: "Migrate the cluster's storage classes (CHG-1201)" });
  const p01Link = approvalLinkIn(await waitForMail(request, stack(), upn.p01, requestId, /Approval needed/));
  const p02Link = approvalLinkIn(await waitForMail(request, stack(), upn.p02, requestId, /Approval needed/));

  // First approval: recorded, still pending.
  const p01 = await person(browser, stack(), upn.p01, "/");
  await p01.page.goto(p01Link);
  await expect(p01.page.getByTestId("quorum-progress")).toHaveAttribute("data-quorum", "2");
  await p01.page.getByLabel("Reason").fill("Storage migration is planned, fine by me");
  await p01.page.getByTestId("approve").click();
  await expect(p01.page.getByTestId("decision-outcome")).toHaveAttribute("data-outcome", "recorded");
  await expect(p01.page.getByTestId("quorum-progress")).toHaveAttribute("data-approvals", "1");
  await expect(p01.page.getByTestId("my-decision")).toHaveAttribute("data-kind", "approve");
  await expect(p01.page.getByTestId("decision-form")).toHaveCount(0);
  expect(await requestStatus(n01.page, appUrl, requestId)).toBe("pending_approval");
  expect(await groupMembers(request, stack(), ADMIN_GROUP_ID)).not.toContain(userId.n01);

  // The same approver cannot count twice: the link is used up.
  await p01.page.goto(p01Link);
  await expect(p01.page.getByTestId("link-refused-reason")).toHaveAttribute("data-reason", "used");
  await expect(n01.page.getByTestId("quorum-progress")).toHaveAttribute("data-approvals", "1");

  // Second approval, by someone else: PIM grants it.
  const p02 = await person(browser, stack(), upn.p02, "/");
  await p02.page.goto(p02Link);
  await expect(p02.page.getByTestId("quorum-progress")).toHaveAttribute("data-approvals", "1");
  await p02.page.getByLabel("Reason").fill("Second pair of eyes: OK");
  await p02.page.getByTestId("approve").click();
  await expect(p02.page.getByTestId("decision-outcome")).toHaveAttribute("data-outcome", "approved");

  await expect(n01.page.getByTestId("status-panel")).toHaveAttribute("data-status", "active", { timeout: 45_000 });
  await expect(n01.page.locator('[data-testid="decision"][data-kind="approve"]')).toHaveCount(2);
  await expect(n01.page.locator('[data-testid="timeline-event"][data-action="approval.recorded"]')).toContainText("1 of 2");
  expect(await groupMembers(request, stack(), ADMIN_GROUP_ID)).toContain(userId.n01);

  await n01.context.close();
  await p01.context.close();
  await p02.context.close();
});
