"use client";

import { useState } from "react";
import { Button } from "./button";

/** Copies `text` to the clipboard and says so (also to screen readers). */
export function CopyButton({ text, label = "Copy", ...rest }: { text: string; label?: string; "data-testid"?: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
    setTimeout(() => setCopied("idle"), 2000);
  };
  return (
    <Button variant="secondary" size="sm" onClick={() => void copy()} aria-label={`${label}: ${text}`} {...rest}>
      <span aria-live="polite">{copied === "copied" ? "Copied" : copied === "failed" ? "Select and copy" : label}</span>
    </Button>
  );
}
