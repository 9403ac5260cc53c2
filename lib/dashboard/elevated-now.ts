import type { Db } from "@/lib/db/client";

export interface Elevation {
  requestId: string;
  number: number;
  requester: { id: string; upn: string; displayName: string };
  target: { id: string; displayName: string };
  activatedAt: Date | null;
  /** When PIM ends it (null: no end recorded). */
  expiresAt: Date | null;
}

/** Who holds an elevation right now (requests in `active`), soonest to end first. */
export async function listElevatedNow(db: Db, limit = 200): Promise<Elevation[]> {
  const rows = await db.accessRequest.findMany({
    where: { status: "active" },
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      number: true,
      activatedAt: true,
      expiresAt: true,
      requester: { select: { id: true, upn: true, displayName: true } },
      target: { select: { id: true, displayName: true } },
    },
  });
  return rows.map((r) => ({ requestId: r.id, number: Number(r.number), requester: r.requester, target: r.target, activatedAt: r.activatedAt, expiresAt: r.expiresAt }));
}
