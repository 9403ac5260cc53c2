/**
 * ISO-8601 durations as PIM uses them (`PT8H`, `PT1H45M`, `P1D`, `P1W`). Years and months are refused: their
 * length depends on the calendar and PIM policies never use them. The app works in whole minutes.
 */
const pattern = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Minutes in `text` (seconds rounded up to a whole minute), or undefined when it is not a supported duration. */
export function parseIsoDurationMinutes(text: string): number | undefined {
  const trimmed = text.trim();
  const m = pattern.exec(trimmed);
  if (!m || /T$/i.test(trimmed)) return undefined;
  const [, w, d, h, min, s] = m;
  if ([w, d, h, min, s].every((part) => part === undefined)) return undefined;
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part));
  return n(w) * 7 * 1440 + n(d) * 1440 + n(h) * 60 + n(min) + Math.ceil(n(s) / 60);
}

/** 90 → "PT1H30M", 1440 → "P1D", 5 → "PT5M". */
export function formatIsoDurationMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes <= 0) throw new RangeError(`duration must be a positive whole number of minutes, got ${minutes}`);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const time = `${hours ? `${hours}H` : ""}${mins ? `${mins}M` : ""}`;
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
}

/** For people: 480 → "8 hours", 90 → "1 hour 30 minutes", 5 → "5 minutes". */
export function describeMinutes(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days ? plural(days, "day") : "", hours ? plural(hours, "hour") : "", mins ? plural(mins, "minute") : ""];
  return parts.filter(Boolean).join(" ") || "0 minutes";
}
