/**
 * ISO-8601 durations as PIM uses them (`PT8H`, `PT1H45M`, `P180D`, `P1W`). Years and months are rejected:
 * their length depends on the calendar, and PIM policies never use them.
 */
const pattern = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds of `text`, or undefined when it is not a supported duration. */
export function parseIsoDuration(text: string): number | undefined {
  const m = pattern.exec(text.trim());
  if (!m || /T$/i.test(text.trim())) return undefined;
  const [, w, d, h, min, s] = m;
  if ([w, d, h, min, s].every((part) => part === undefined)) return undefined;
  const num = (part: string | undefined) => (part === undefined ? 0 : Number(part));
  return num(w) * 7 * DAY + num(d) * DAY + num(h) * HOUR + num(min) * MINUTE + Math.round(num(s) * 1000);
}

export function isIsoDuration(text: unknown): text is string {
  return typeof text === "string" && parseIsoDuration(text) !== undefined;
}

/** Human-friendly rendering for the emulator UI, e.g. 5400000 → "1h 30m". */
export function describeDuration(ms: number): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const parts = [days ? `${days}d` : "", hours ? `${hours}h` : "", minutes ? `${minutes}m` : ""].filter(Boolean);
  return parts.length ? parts.join(" ") : `${Math.round(ms / 1000)}s`;
}
