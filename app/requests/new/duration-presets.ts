import { describeMinutes } from "@/lib/entra/iso-duration";

const PRESETS = [30, 60, 120, 240, 480];

/** Durations to offer: the usual presets up to the limit, plus the target's default if it is not one of them. */
export function durationPresets(maxMinutes: number, defaultMinutes: number): number[] {
  const offered = new Set(PRESETS.filter((m) => m <= maxMinutes));
  if (defaultMinutes <= maxMinutes) offered.add(defaultMinutes);
  if (offered.size === 0) offered.add(maxMinutes);
  return [...offered].sort((a, b) => a - b);
}

/** "1 h", "1 h 30 min", "30 min": short labels for the preset buttons. */
export function shortDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return `${h} h ${m} min`;
  return h ? `${h} h` : `${m} min`;
}

/** What a person should plan for: the requested time plus the ~90 minutes a Kubernetes token can outlive it. */
export function effectiveWindow(minutes: number): string {
  return describeMinutes(minutes + 90);
}
