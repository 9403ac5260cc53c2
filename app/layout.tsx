import { isAuditor } from "@/lib/auth/require-auditor";
import type { Metadata } from "next";
import { unstable_rethrow } from "next/navigation";
import type { ReactNode } from "react";
import { type CurrentUser, getCurrentUser } from "@/lib/auth/require-user";
import { log } from "@/lib/log";
import { SiteHeader } from "./components/site-header";
import "./globals.css";

// Every page depends on the session cookie; nothing here can be prerendered at build time (no env then).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "AKS JIT Access", template: "%s · AKS JIT Access" },
  description: "Just-in-time, approved, time-boxed admin access to Azure Kubernetes Service through Microsoft Entra PIM.",
  icons: { icon: "/favicon.svg" },
  robots: { index: false, follow: false },
};

/** The header must not take the whole page down: if the session lookup fails, the page itself reports it. */
async function headerUser(): Promise<CurrentUser | null> {
  try {
    return await getCurrentUser();
  } catch (e) {
    unstable_rethrow(e);
    log.error("session lookup for the header failed", { error: e });
    return null;
  }
}

/** Whether to show the auditor links. A directory outage hides them rather than breaking every page. */
async function auditorForNav(userId: string): Promise<boolean> {
  try {
    return await isAuditor(userId);
  } catch (e) {
    log.warn("auditor check for the navigation failed", { error: e });
    return false;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await headerUser();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
        <SiteHeader user={user ? { displayName: user.displayName, upn: user.upn, isAuditor: await auditorForNav(user.id) } : null} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
          {children}
        </main>
        <footer className="border-t border-slate-200 bg-white">
          <div className="mx-auto max-w-6xl px-4 py-4 text-xs text-slate-500 sm:px-6">
            Access is granted by Microsoft Entra Privileged Identity Management; this app asks for it, routes approvals and keeps the audit trail.
          </div>
        </footer>
      </body>
    </html>
  );
}
