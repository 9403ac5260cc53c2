import type { RequestView } from "@/lib/requests/records";
import { isTerminal } from "@/lib/requests/state-machine";

/** Changes whenever anything the request page shows about the request's progress changes. */
export function requestFingerprint(r: RequestView): string {
  const t = (d: Date | null) => (d ? d.toISOString() : "-");
  return [r.status, r.decisions.length, t(r.activatedAt), t(r.expiresAt), t(r.deactivateAt), t(r.endedAt)].join("|");
}

export interface RequestStatusJson {
  id: string;
  status: RequestView["status"];
  isTerminal: boolean;
  fingerprint: string;
}

export function requestStatusJson(r: RequestView): RequestStatusJson {
  return { id: r.id, status: r.status, isTerminal: isTerminal(r.status), fingerprint: requestFingerprint(r) };
}
