import { ButtonLink } from "./components/button";
import { Card } from "./components/card";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl pt-6">
      <Card data-testid="not-found">
        <div className="space-y-3 py-2">
          <p className="text-sm font-medium text-brand-700">404</p>
          <h1 className="text-xl font-semibold text-slate-900">Page not found</h1>
          <p className="text-slate-600">
            The page does not exist, or you do not have access to it. If you followed a link from an email, it may have expired.
          </p>
          <ButtonLink href="/" variant="secondary">
            Back to home
          </ButtonLink>
        </div>
      </Card>
    </div>
  );
}
