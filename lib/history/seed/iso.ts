/**
 * `new Date(ms).toISOString()` for the generator's hot path: seeding a million requests formats some ten million
 * timestamps for hashes and event data. The date part changes once a day, so it is cached; the time part is
 * assembled from two-digit strings. Same output as toISOString for years 0000–9999 (checked by a unit test).
 */
const DAY_MS = 86_400_000;
const twoDigits = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
const threeDigits = Array.from({ length: 1000 }, (_, i) => `${i}`.padStart(3, "0"));

let cachedDay = Number.NaN;
let cachedPrefix = "";

export function isoUtc(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11); // "YYYY-MM-DDT"
  }
  let rest = ms - day * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return `${cachedPrefix}${twoDigits[hour]}:${twoDigits[minute]}:${twoDigits[second]}.${threeDigits[milli]}Z`;
}
