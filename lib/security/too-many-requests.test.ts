import { describe, expect, it } from "vitest";
import { tooManyRequestsResponse } from "./too-many-requests";

describe("tooManyRequestsResponse", () => {
  it("is a 429 with Retry-After and a readable page that escapes the message", async () => {
    const res = tooManyRequestsResponse("Too many <b>sign-in</b> attempts.", 125);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("125");
    const html = await res.text();
    expect(html).toContain("try again in 3 minutes");
    expect(html).toContain("&#60;b&#62;sign-in");
    expect(html).not.toContain("<script");
  });
});
