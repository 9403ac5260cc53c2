import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/require-user";
import { appDeps } from "@/lib/requests/deps";
import { getRequest } from "@/lib/requests/get-request";
import { asViewer } from "../../_lib/as-viewer";
import { requestStatusJson } from "../../_lib/fingerprint";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * GET /requests/{id}/status → `{ id, status, isTerminal, fingerprint }` for the request page's live updates.
 * Same visibility as the page: someone else's request is 404, like an unknown one.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "sign in first" }, { status: 401, headers: noStore });
  const request = await asViewer(user.id, (isAuditor) => getRequest(appDeps(), { user, requestId: id, isAuditor }));
  if (!request) return NextResponse.json({ error: "not found" }, { status: 404, headers: noStore });
  return NextResponse.json(requestStatusJson(request), { headers: noStore });
}
