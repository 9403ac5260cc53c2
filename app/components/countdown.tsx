"use client";

import { useSyncExternalStore } from "react";

/** "1 h 05 min", "4 min 09 s": hours and minutes when far, seconds in the last hour. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min`;
  return `${minutes} min ${pad(seconds)} s`;
}

// One shared one-second ticker for every countdown on the page; it runs only while one is mounted.
let nowMs = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      nowMs = Date.now();
      listeners.forEach((l) => l());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
      nowMs = 0;
    }
  };
}

function browserNow(): number {
  if (nowMs === 0) nowMs = Date.now();
  return nowMs;
}

/**
 * Time left until `until`, ticking every second. The server's render uses its own clock (`renderedAt`) so the
 * HTML and the hydrated page agree; after that the browser's clock drives it.
 */
export function Countdown({
  until,
  renderedAt,
  doneText = "now",
  ...rest
}: {
  until: Date | string;
  renderedAt: Date | string;
  doneText?: string;
  "data-testid"?: string;
}) {
  const serverNow = new Date(renderedAt).getTime();
  const now = useSyncExternalStore(subscribe, browserNow, () => serverNow);
  const left = new Date(until).getTime() - now;
  return (
    <span className="tabular-nums" {...rest}>
      {left > 0 ? formatRemaining(left) : doneText}
    </span>
  );
}
