import Link from "next/link";
import { Suspense } from "react";
import { ApprovalsBadge } from "./approvals-badge";
import { ButtonAnchor } from "./button";
import { Logo } from "./logo";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export interface HeaderUser {
  displayName: string;
  upn: string;
  isAuditor: boolean;
}

/** Product name, main navigation and who is signed in. Navigation only shows to signed-in users. */
export function SiteHeader({ user }: { user: HeaderUser | null }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 text-slate-900 no-underline hover:no-underline" data-testid="home-link">
          <Logo />
          <span className="text-base font-semibold tracking-tight">AKS JIT Access</span>
        </Link>
        {user && (
          <div className="order-last w-full sm:order-none sm:w-auto sm:flex-1">
            <NavLinks
              isAuditor={user.isAuditor}
              badges={{
                "/approvals": (
                  <Suspense fallback={null}>
                    <ApprovalsBadge />
                  </Suspense>
                ),
              }}
            />
          </div>
        )}
        <div className="ml-auto flex items-center gap-3">
          {user ? (
            <>
              <div className="min-w-0 text-right leading-tight">
                <p className="truncate text-sm font-medium text-slate-900" data-testid="user-name">
                  {user.displayName}
                </p>
                <p className="truncate text-xs text-slate-500" data-testid="user-upn">
                  {user.upn}
                </p>
              </div>
              <SignOutButton />
            </>
          ) : (
            <ButtonAnchor href="/api/auth/login?returnTo=%2F" size="sm" data-testid="sign-in-header">
              Sign in
            </ButtonAnchor>
          )}
        </div>
      </div>
    </header>
  );
}
