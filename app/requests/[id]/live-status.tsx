"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const POLL_MS = 3000;

/**
 * Keeps the request page current without a manual reload: polls the status route and re-renders the page (on the
 * server) when anything changed. Stops at a terminal state, and backs off while the tab is hidden.
 */
export function LiveStatus({ requestId, fingerprint, isTerminal }: { requestId: string; fingerprint: string; isTerminal: boolean }) {
  const router = useRouter();
  const [isLive, setIsLive] = useState(!isTerminal);

  useEffect(() => {
    if (isTerminal) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (stopped) return;
      if (document.visibilityState === "visible") {
        try {
          const res = await fetch(`/requests/${encodeURIComponent(requestId)}/status`, { cache: "no-store", headers: { accept: "application/json" } });
          if (res.ok) {
            const body = (await res.json()) as { fingerprint: string; isTerminal: boolean };
            // The refreshed page hands this component the new fingerprint, which restarts the effect.
            if (body.fingerprint !== fingerprint) router.refresh();
          } else if (res.status === 401 || res.status === 404) {
            setIsLive(false);
            return;
          }
        } catch {
          // offline for a moment: try again on the next tick
        }
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [requestId, fingerprint, isTerminal, router]);

  if (isTerminal || !isLive) return null;
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-500" data-testid="live-indicator">
      <span className="relative flex h-2 w-2" aria-hidden="true">
        <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-75" />
        <span className="relative inline-flex h-2 w-2 rounded-full bg-emerald-500" />
      </span>
      Updates automatically
    </span>
  );
}
