import { describe, expect, it } from "vitest";
import { escapeHtml, renderEmail, safeSubject } from "./layout";
import {
  activeEmail,
  approvalRequestEmail,
  approvedEmail,
  decidedElsewhereEmail,
  deniedEmail,
  endedEmail,
  expiringSoonEmail,
  type MailRequestInfo,
} from "./templates";

const request: MailRequestInfo = {
  id: "6c5b4a39-0000-4000-8000-00000000e001",
  number: 42,
  requester: { name: "Nora <b>Requester</b>", upn: "n01@contoso.example" },
  targetName: "AKS production",
  clusterResourceId: "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod",
  durationMinutes: 90,
  justification: `Hotfix "INC-4711" <script>alert('x')</script> & more`,
  ticketNumber: "INC-4711",
};
const link = { url: "https://jit.contoso.example/approve/abc_DEF-123", expiresAt: new Date("2026-03-05T10:00:00Z"), quorum: 1 };

describe("approval request email", () => {
  const mail = approvalRequestEmail(request, link);

  it("escapes user-supplied text in the HTML", () => {
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>Requester</b>");
    expect(mail.html).toContain("Hotfix &quot;INC-4711&quot; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more");
  });

  it("keeps user text verbatim in the plain-text part", () => {
    expect(mail.text).toContain(`Justification: Hotfix "INC-4711" <script>alert('x')</script> & more`);
  });

  it("has everything an approver needs: requester, target, cluster, duration, ticket, number, link expiry", () => {
    for (const part of ["n01@contoso.example", "AKS production", "aks-prod", "rg-aks-prod", "1 hour 30 minutes", "INC-4711", "#42", "2026-03-05 10:00 UTC"]) {
      expect(mail.text).toContain(part);
    }
    expect(mail.subject).toBe("[AKS JIT] Approval needed: #42 Nora <b>Requester</b> → AKS production (1 hour 30 minutes)");
  });

  it("has a Review request button linking to the approval page", () => {
    expect(mail.html).toMatch(/<a href="https:\/\/jit\.contoso\.example\/approve\/abc_DEF-123"[^>]*>Review request<\/a>/);
    expect(mail.text).toContain("Review request: https://jit.contoso.example/approve/abc_DEF-123");
  });

  it("says the link only opens the page and nothing is decided until the approver signs in and presses a button", () => {
    expect(mail.text).toContain("This link only opens the request. Nothing is approved or denied until you sign in and press a button");
  });

  it("uses an Outlook-friendly layout: tables and inline styles, no external resources", () => {
    expect(mail.html).toContain('<table role="presentation"');
    expect(mail.html).not.toMatch(/<link|<img|<style|@import|url\(/i);
    expect(mail.html).not.toMatch(/src=/i);
  });

  it("mentions the quorum when more than one approval is needed", () => {
    expect(approvalRequestEmail(request, { ...link, quorum: 2 }).text).toContain("needs 2 approvals");
  });
});

describe("other emails", () => {
  it("tells other approvers who decided and when", () => {
    const m = decidedElsewhereEmail(request, { outcome: "approved", byName: "Priya Approver", at: new Date("2026-03-04T10:05:00Z") });
    expect(m.subject).toBe("[AKS JIT] No action needed: #42 was approved by Priya Approver");
    expect(m.text).toContain("2026-03-04 10:05 UTC");
  });

  it("gives the denial reason, escaped", () => {
    const m = deniedEmail(request, { byName: "Paul Approver", reason: "No <ticket>" });
    expect(m.html).toContain("No &lt;ticket&gt;");
    expect(m.text).toContain("Reason: No <ticket>");
  });

  it("tells the requester how to pick up the access and about the token tail", () => {
    const m = activeEmail(request, { until: new Date("2026-03-04T11:35:00Z"), appUrl: "https://jit.contoso.example" });
    expect(m.subject).toBe("[AKS JIT] Active until 2026-03-04 11:35 UTC: AKS production");
    expect(m.text).toContain("az aks get-credentials --subscription 0b1c2d3e-0000-4000-8000-000000000001 --resource-group rg-aks-prod --name aks-prod");
    expect(m.text).toContain("kubelogin remove-cache-dir");
    expect(m.text).toContain("up to about 90 minutes");
  });

  it("renders approved, expiring and ended emails with the request link or end time", () => {
    expect(approvedEmail(request, { byName: "Priya", appUrl: "https://jit.contoso.example" }).text).toContain(
      "https://jit.contoso.example/requests/6c5b4a39-0000-4000-8000-00000000e001",
    );
    expect(expiringSoonEmail(request, { endsAt: new Date("2026-03-04T11:35:00Z"), appUrl: "https://x.example" }).text).toContain("ends at 2026-03-04 11:35 UTC");
    expect(endedEmail(request, { how: "deactivated", at: new Date("2026-03-04T11:00:00Z") }).subject).toBe("[AKS JIT] Ended: AKS production");
  });
});

describe("layout safety", () => {
  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
  it("removes line breaks from subjects (no header injection)", () => {
    expect(safeSubject("Hello\r\nBcc: evil@example.com")).toBe("Hello Bcc: evil@example.com");
  });
  it("refuses non-http links in buttons", () => {
    expect(() => renderEmail("s", { preheader: "", heading: "h", paragraphs: [], button: { label: "x", url: "javascript:alert(1)" } })).toThrow();
  });
});
