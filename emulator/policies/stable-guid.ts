import { createHash } from "node:crypto";

/**
 * A GUID derived from its inputs, so ids seeded from the fixture (policy ids, ARM role-assignment names)
 * are the same after every reset and across emulator restarts.
 */
export function stableGuid(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
