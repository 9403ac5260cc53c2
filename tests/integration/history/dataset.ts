/**
 * A small, fully known request history for the history tests: many requests share a submission time (keyset
 * ties), statuses, targets, requesters and deciders are spread evenly, and some texts hold LIKE wildcards and
 * CSV-hostile characters. `expected()` is the oracle: the same filters applied in plain TypeScript.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { HistoryFilters } from "@/lib/history/filters";
import { requestStates, type RequestState } from "@/lib/requests/state-machine";

export interface Person {
  id: string;
  upn: string;
  name: string;
}

export interface KnownRequest {
  id: string;
  requesterId: string;
  targetId: string;
  status: RequestState;
  submittedAt: Date;
  justification: string;
  ticketNumber: string | null;
  deciders: string[];
}

const person = (n: number, upn: string, name: string): Person => ({ id: `0000aaaa-0000-4000-8000-${String(n).padStart(12, "0")}`, upn, name });

export const requesters = [
  person(1, "ria.one@contoso.example", "Ria One"),
  person(2, "sam.two@contoso.example", "Sam Two"),
  person(3, "Tia.Three@Contoso.Example", "Tia Three"),
  person(4, "uma.four@contoso.example", "Uma Four"),
  person(5, "vic.five@contoso.example", "Vic Five"),
];
export const approvers = [person(11, "ada.approver@contoso.example", "Ada Approver"), person(12, "bo.approver@contoso.example", "Bo Approver"), person(13, "cy.approver@contoso.example", "Cy Approver")];
export const targets = [
  { id: "t-alpha", displayName: "Alpha (admin)" },
  { id: "t-beta", displayName: "Beta (admin)" },
  { id: "t-gamma", displayName: "Gamma (admin)" },
];

const words = ["restart kafka brokers", "rotate certificates", "debug ingress", "scale node pool", "inspect etcd latency"];
/** Starts of the day the dataset begins (UTC); three requests share each minute. */
export const base = Date.UTC(2026, 0, 10, 22, 0, 0);

export function buildDataset(count = 150): KnownRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const deciders: string[] = [];
    if (i % 4 === 0) deciders.push(approvers[i % 3]!.id);
    if (i % 7 === 0 && !deciders.includes(approvers[(i + 1) % 3]!.id)) deciders.push(approvers[(i + 1) % 3]!.id);
    let justification = `${words[i % words.length]} for service ${i}`;
    if (i === 17) justification = "progress 100%_done, \"quoted\", with comma\nand a second line";
    if (i === 18) justification = "=HYPERLINK(\"http://evil.example\",\"click\")";
    if (i === 19) justification = "+1 more node";
    if (i === 20) justification = "-2 replicas";
    if (i === 21) justification = "@SUM(A1:A2) on duty";
    if (i === 22) justification = "Ünïcode 😀 with a\ttab and a back\\slash";
    return {
      id: randomUUID(),
      requesterId: requesters[i % requesters.length]!.id,
      targetId: targets[i % targets.length]!.id,
      status: requestStates[i % requestStates.length]!,
      // 20 minutes apart in blocks of three; crosses midnight UTC for the date filter.
      submittedAt: new Date(base + Math.floor(i / 3) * 20 * 60_000),
      justification,
      ticketNumber: i % 4 === 1 ? `INC${String(4000 + i).padStart(7, "0")}` : null,
      deciders,
    };
  });
}

export async function insertDataset(db: Db, rows: KnownRequest[]): Promise<void> {
  await db.user.createMany({
    data: [...requesters, ...approvers].map((p) => ({ id: p.id, tenantId: "t", upn: p.upn, displayName: p.name, email: p.upn })),
    skipDuplicates: true,
  });
  await db.target.createMany({
    data: targets.map((t) => ({ ...t, pimGroupId: `pim-${t.id}`, approverGroupId: `appr-${t.id}`, clusterResourceId: `/subscriptions/x/${t.id}` })),
    skipDuplicates: true,
  });
  await db.accessRequest.createMany({
    data: rows.map((r) => ({
      id: r.id,
      targetId: r.targetId,
      requesterId: r.requesterId,
      status: r.status,
      justification: r.justification,
      ticketNumber: r.ticketNumber,
      durationMinutes: 60,
      submittedAt: r.submittedAt,
      updatedAt: r.submittedAt,
    })),
  });
  await db.decision.createMany({
    data: rows.flatMap((r) =>
      r.deciders.map((approverId, k) => ({
        requestId: r.id,
        requestSubmittedAt: r.submittedAt,
        approverId,
        kind: k === 1 ? ("deny" as const) : ("approve" as const),
        reason: "ok",
        isFinal: k === r.deciders.length - 1,
        createdAt: new Date(r.submittedAt.getTime() + 60_000 * (k + 1)),
      })),
    ),
  });
}

const byUpnOrId = (who: string, p: Person) => p.id.toLowerCase() === who.toLowerCase() || p.upn.toLowerCase() === who.toLowerCase();

/** The rows `filters` should return, in the order they should come. */
export function expected(rows: KnownRequest[], f: HistoryFilters): KnownRequest[] {
  const requesterIds = f.requester ? requesters.filter((p) => byUpnOrId(f.requester!, p)).map((p) => p.id) : null;
  const approverIds = f.approver ? [...requesters, ...approvers].filter((p) => byUpnOrId(f.approver!, p)).map((p) => p.id) : null;
  const from = f.from ? Date.parse(`${f.from}T00:00:00Z`) : -Infinity;
  const to = f.to ? Date.parse(`${f.to}T00:00:00Z`) + 86_400_000 : Infinity;
  const q = f.q?.toLowerCase();
  const matching = rows.filter(
    (r) =>
      (!requesterIds || requesterIds.includes(r.requesterId)) &&
      (!approverIds || r.deciders.some((d) => approverIds.includes(d))) &&
      (!f.target || r.targetId === f.target) &&
      (!f.status.length || f.status.includes(r.status)) &&
      r.submittedAt.getTime() >= from &&
      r.submittedAt.getTime() < to &&
      (!q || r.justification.toLowerCase().includes(q) || (r.ticketNumber ?? "").toLowerCase().includes(q)),
  );
  // (submitted_at DESC, id ASC), or exactly the reverse; uuids order like their lower-case text.
  const desc = [...matching].sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return f.sort === "asc" ? desc.reverse() : desc;
}
