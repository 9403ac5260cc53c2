import { Button } from "./button";

/** Sign-out is a POST (a GET could be triggered by any page that embeds an image pointing at it). */
export function SignOutButton() {
  return (
    <form method="post" action="/api/auth/logout">
      <Button type="submit" variant="secondary" size="sm" data-testid="sign-out">
        Sign out
      </Button>
    </form>
  );
}
