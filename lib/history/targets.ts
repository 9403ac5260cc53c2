import type { Db } from "@/lib/db/client";

/** Every target history knows (configured ones and any seen before), for the filter's choice list. */
export function listHistoryTargets(db: Db): Promise<{ id: string; displayName: string }[]> {
  return db.target.findMany({ select: { id: true, displayName: true }, orderBy: { displayName: "asc" } });
}
