"use client";

import { useSyncExternalStore } from "react";

export type TimeStyle = "datetime" | "precise" | "time" | "date";

const options: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  datetime: { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" },
  precise: { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" },
  time: { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" },
  date: { year: "numeric", month: "short", day: "numeric" },
};

function format(date: Date, style: TimeStyle, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", { ...options[style], ...(timeZone ? { timeZone } : {}) }).format(date);
}

const noSubscription = () => () => {};

/**
 * A point in time in the reader's own time zone. The server does not know that zone, so the first render (and
 * the HTML without JavaScript) shows UTC, then the browser swaps in its local time. `title` always carries UTC,
 * which is what audit exports and emails use.
 */
export function LocalTime({ value, style = "datetime", ...rest }: { value: Date | string; style?: TimeStyle; "data-testid"?: string }) {
  const iso = (typeof value === "string" ? new Date(value) : value).toISOString();
  const isBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  const text = format(new Date(iso), style, isBrowser ? undefined : "UTC");
  return (
    <time dateTime={iso} title={`${iso.replace("T", " ").slice(0, 19)} UTC`} {...rest}>
      {text}
    </time>
  );
}
