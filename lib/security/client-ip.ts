/**
 * The client address to rate-limit by. Behind one reverse proxy (the Kubernetes ingress), the RIGHTMOST
 * X-Forwarded-For entry is the address that proxy saw — a client can prepend anything it likes, but cannot
 * change what the proxy appends. Without a proxy there is no trustworthy header at all (route handlers do not
 * see the socket), and every request counts under "unknown": the per-user limits still apply, and the
 * per-address limit becomes a global one. docs/security.md states this deployment assumption.
 */
const ipv4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const ipv6 = /^[0-9a-f:.]{2,45}$/i;

function normalize(candidate: string | undefined): string | undefined {
  let value = candidate?.trim().toLowerCase();
  if (!value) return undefined;
  // "[2001:db8::1]:443" and "203.0.113.7:51234" — proxies differ in whether they append the port.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  return ipv4.test(value) || (value.includes(":") && ipv6.test(value)) ? value : undefined;
}

export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.slice(-512).split(",").pop();
  return normalize(forwarded) ?? normalize(headers.get("x-real-ip") ?? undefined) ?? "unknown";
}
