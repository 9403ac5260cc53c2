/**
 * The emulator's mailbox and directory pages, as a person trying the demo uses them: mail sent through Graph
 * shows up, the approval link can be followed, and nothing from a message can inject markup into the page.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import tenant from "@/emulator/fixtures/tenant.json";
import { startTestEmulator, type TestEmulator } from "../support/emulator";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => {
  emu.loadFixture(structuredClone(tenant));
});

async function send(to: string, subject: string, content: string, contentType = "HTML"): Promise<void> {
  const client = emu.graph(await emu.appToken("graph"));
  await client.api("/users/jit-bot@contoso.example/sendMail").post({
    message: { subject, body: { contentType, content }, toRecipients: [{ emailAddress: { address: to } }] },
  });
}

async function page(path: string): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(`${emu.url}${path}`);
  return { status: res.status, html: await res.text(), headers: res.headers };
}

function rows(html: string): string[] {
  return [...html.matchAll(/<tr data-testid="mail-row"[\s\S]*?<\/tr>/g)].map((m) => m[0]);
}

function unreadFor(html: string, address: string): string | undefined {
  const row = [...html.matchAll(/<tr data-testid="mail-recipient"[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes(`>${address}<`));
  return row ? /data-testid="unread-count">(\d+)</.exec(row)?.[1] : undefined;
}

describe("mailbox UI", () => {
  it("lists messages newest first with their subjects and per-recipient unread counts", async () => {
    await send("p01@contoso.example", "First approval", "<p>one</p>");
    await emu.hooks.advanceClock(60);
    await send("p02@contoso.example", "Second approval", "<p>two</p>");
    const { status, html } = await page("/_emulator/ui/mail");
    expect(status).toBe(200);
    const list = rows(html);
    expect(list).toHaveLength(2);
    expect(list[0]).toContain("Second approval");
    expect(list[1]).toContain("First approval");
    expect(unreadFor(html, "p01@contoso.example")).toBe("1");
  });

  it("filters by recipient", async () => {
    await send("p01@contoso.example", "For Priya", "<p>x</p>");
    await send("p02@contoso.example", "For Paul", "<p>y</p>");
    const list = rows((await page("/_emulator/ui/mail?to=P02%40contoso.example")).html);
    expect(list).toHaveLength(1);
    expect(list[0]).toContain("For Paul");
  });

  it("shows a message with its HTML body in a sandboxed frame whose links leave the frame, and marks it read", async () => {
    await send("p01@contoso.example", "Approval needed", '<p>Please review</p><p><a href="http://localhost:3000/approvals/42?token=abc&amp;x=1">Review request</a></p>');
    const [message] = await emu.hooks.mail("p01@contoso.example");
    const { status, html } = await page(`/_emulator/ui/mail/${message!.id}`);
    expect(status).toBe(200);
    const iframe = /<iframe data-testid="mail-body"[^>]*>/.exec(html)?.[0] ?? "";
    expect(iframe).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"');
    const srcdoc = /srcdoc="([^"]*)"/.exec(iframe)?.[1] ?? "";
    expect(srcdoc).toContain("&lt;base target=&quot;_top&quot;&gt;");
    expect(srcdoc).toContain("Review request");
    expect(html).toContain('href="http://localhost:3000/approvals/42?token=abc&amp;x=1"');
    expect(html).toMatch(/<pre data-testid="mail-text">Please review\s+Review request<\/pre>/);
    expect(unreadFor((await page("/_emulator/ui/mail")).html, "p01@contoso.example")).toBe("0");
  });

  it("escapes everything taken from a message", async () => {
    await send("p01@contoso.example", "<script>alert(1)</script>", "<b>bold</b> & <i>\"quoted\"</i>", "Text");
    const list = await page("/_emulator/ui/mail");
    expect(list.html).not.toContain("<script>alert(1)</script>");
    expect(list.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const [message] = await emu.hooks.mail("p01@contoso.example");
    const view = await page(`/_emulator/ui/mail/${message!.id}`);
    expect(view.html).not.toContain("<b>bold</b>");
    expect(view.html).toContain("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;&quot;quoted&quot;&lt;/i&gt;");
  });

  it("404s an unknown message id", async () => {
    expect((await page("/_emulator/ui/mail/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});

describe("other UI pages", () => {
  it("home shows the tenant and links to every page", async () => {
    const { status, html, headers } = await page("/_emulator");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toContain("text/html");
    expect(html).toContain(emu.tenantId);
    for (const link of ["/_emulator/ui/mail", "/_emulator/ui/directory", "/_emulator/ui/pim"]) expect(html).toContain(`href="${link}"`);
  });

  it("directory lists users with their groups and groups with members and owners", async () => {
    emu.services.directory.addMember("9a8b7c6d-0000-4000-8000-00000000b002", "9a8b7c6d-0000-4000-8000-00000000b003");
    const { html } = await page("/_emulator/ui/directory");
    const approverRow = [...html.matchAll(/<tr data-testid="directory-group">[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes("<td>approver</td>"));
    expect(approverRow).toContain("p01@contoso.example");
    expect(approverRow).toContain("jit-auditors (group)");
    expect(approverRow).toContain("o01@contoso.example");
    const auditorRow = [...html.matchAll(/<tr data-testid="directory-user">[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes("a01@contoso.example"));
    expect(auditorRow).toContain("approver (nested)");
  });

  it("PIM page renders every module summary", async () => {
    const { status, html } = await page("/_emulator/ui/pim");
    expect(status).toBe(200);
    const expected = emu.core.modules.filter((m) => typeof m.summary === "function").length;
    expect([...html.matchAll(/data-testid="module-summary"/g)]).toHaveLength(expected);
  });
});
