/**
 * `sessions.revoke`: invalidates the user's refresh tokens and browser sessions (app-only). Tokens already
 * issued — kubectl's included — keep working until they expire (entra-graph-api.md §14).
 */
import { systemActor } from "@/lib/audit/events";
import { recordAudit } from "@/lib/audit/with-audit";
import { revokeSignInSessions } from "@/lib/entra/directory";
import type { JobHandler } from "../types";

export const sessionsRevoke: JobHandler<"sessions.revoke"> = async ({ deps, payload }) => {
  await revokeSignInSessions(deps.graph.app(), payload.userId);
  await recordAudit(deps.db, deps.now(), {
    action: "session.revoked",
    actor: systemActor,
    requestId: payload.requestId,
    data: { userId: payload.userId, reason: payload.reason },
  });
};
