import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const h = (init: Record<string, string>) => new Headers(init);

describe("clientIp", () => {
  it("takes the rightmost X-Forwarded-For entry: the one our proxy appended, not what the client claimed", () => {
    expect(clientIp(h({ "x-forwarded-for": "198.51.100.9, 10.0.0.1, 203.0.113.7" }))).toBe("203.0.113.7");
  });
  it("drops ports and brackets, and lower-cases IPv6", () => {
    expect(clientIp(h({ "x-forwarded-for": "203.0.113.7:51234" }))).toBe("203.0.113.7");
    expect(clientIp(h({ "x-forwarded-for": "[2001:DB8::1]:443" }))).toBe("2001:db8::1");
  });
  it("falls back to X-Real-IP, then to one shared 'unknown' bucket", () => {
    expect(clientIp(h({ "x-real-ip": "192.0.2.4" }))).toBe("192.0.2.4");
    expect(clientIp(h({}))).toBe("unknown");
  });
  it("never returns attacker text as a key: junk, injection and oversized values become 'unknown'", () => {
    for (const junk of ["'; DROP TABLE users; --", "<script>", "a".repeat(10_000), "rate:limit:key", "1.2.3.4 x", "999.1"]) {
      expect(clientIp(h({ "x-forwarded-for": junk }))).toBe("unknown");
    }
  });
});
