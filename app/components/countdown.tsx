"use client";

import { useEffect, useState } from "react";

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

/**
 * Time left until `until`, ticking every second. The first render uses the server's clock (`renderedAt`) so
 * the HTML and the hydrated page agree; after that the browser's clock drives it.
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
  const end = new Date(until).getTime();
  const [now, setNow] = useState(() => new Date(renderedAt).getTime());
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = end - now;
  return (
    <span className="tabular-nums" data-remaining-ms={Math.max(0, left)} {...rest}>
      {left > 0 ? formatRemaining(left) : doneText}
    </span>
  );
}
