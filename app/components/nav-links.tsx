"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

export const NAV_ITEMS = [
  { href: "/requests/new", label: "Request access" },
  { href: "/requests", label: "My requests" },
  { href: "/approvals", label: "Approvals" },
] as const;

/** Shown to members of the auditor group only (the pages check again, live, and 404 for anyone else). */
export const AUDITOR_NAV_ITEMS = [
  { href: "/history", label: "History" },
  { href: "/dashboard", label: "Dashboard" },
  { href: "/audit", label: "Audit log" },
  { href: "/admin/setup", label: "Setup check" },
] as const;

function isCurrent(pathname: string, href: string): boolean {
  if (href === "/requests") return pathname === "/requests" || (pathname.startsWith("/requests/") && !pathname.startsWith("/requests/new"));
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * Main navigation; marks the current section with aria-current for screen readers and styling. `badges` puts
 * server-rendered content (e.g. the number of approvals waiting) after an item's label.
 */
export function NavLinks({
  badges = {},
  isAuditor = false,
}: {
  badges?: Partial<Record<(typeof NAV_ITEMS)[number]["href"], ReactNode>>;
  isAuditor?: boolean;
}) {
  const pathname = usePathname() ?? "/";
  const items: readonly { href: string; label: string }[] = isAuditor ? [...NAV_ITEMS, ...AUDITOR_NAV_ITEMS] : NAV_ITEMS;
  return (
    <nav aria-label="Main" className="-mx-1 overflow-x-auto">
      <ul className="flex items-center gap-1 whitespace-nowrap">
        {items.map((item) => {
          const current = isCurrent(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={
                  "flex items-center gap-1.5 rounded-md px-3 py-2 text-sm font-medium no-underline hover:no-underline " +
                  (current ? "bg-brand-50 text-brand-800" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900")
                }
              >
                {item.label}
                {badges[item.href as keyof typeof badges]}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
