import type { Metadata } from "next";
import { ButtonAnchor } from "../../components/button";
import { Card } from "../../components/card";

export const metadata: Metadata = { title: "Signed out" };

export default function SignedOutPage() {
  return (
    <div className="mx-auto max-w-xl pt-6">
      <Card data-testid="signed-out">
        <div className="space-y-3 py-2">
          <h1 className="text-xl font-semibold text-slate-900">You have signed out</h1>
          <p className="text-slate-600">
            Your session in this app has ended and its Microsoft tokens were deleted. Access you already activated in PIM is not
            affected and ends at its scheduled time.
          </p>
          <ButtonAnchor href="/api/auth/login?returnTo=%2F" data-testid="sign-in">
            Sign in again
          </ButtonAnchor>
        </div>
      </Card>
    </div>
  );
}
