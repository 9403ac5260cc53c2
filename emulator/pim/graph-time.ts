/** Graph's timestamp form with 7 fractional digits (`2023-02-07T07:05:55.3404527Z`), from the emulated clock. */
export function graphTime(at: Date | number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 23)}0000Z`;
}

/** Milliseconds of an ISO timestamp, or NaN. Accepts any offset and up to 7 fractional digits. */
export function timeMs(text: string): number {
  return Date.parse(text);
}

export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}
