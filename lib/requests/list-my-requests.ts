/**
 * The signed-in user's own requests, newest first, with keyset paging (stable while new requests arrive).
 */
import type { Deps, SessionUser } from "./deps";
import { requestInclude, toRequestView, type RequestView } from "./records";
import type { RequestState } from "./state-machine";

export interface RequestPage {
  items: RequestView[];
  /** Pass back as `before` for the next page; absent on the last page. */
  nextCursor?: string;
}

export async function listMyRequests(
  deps: Deps,
  args: { user: SessionUser; limit?: number; before?: string; status?: RequestState[] },
): Promise<RequestPage> {
  const limit = Math.min(Math.max(args.limit ?? 20, 1), 100);
  const before = args.before && /^\d+$/.test(args.before) ? BigInt(args.before) : undefined;
  const rows = await deps.db.accessRequest.findMany({
    where: {
      requesterId: args.user.id,
      ...(args.status?.length ? { status: { in: args.status } } : {}),
      ...(before !== undefined ? { number: { lt: before } } : {}),
    },
    include: requestInclude,
    orderBy: { number: "desc" },
    take: limit + 1,
  });
  const items = rows.slice(0, limit).map(toRequestView);
  const last = items[items.length - 1];
  return { items, ...(rows.length > limit && last ? { nextCursor: String(last.number) } : {}) };
}
