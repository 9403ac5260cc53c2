// Liveness: the process is up and serving. Readiness (database, Entra, outbox) is /api/health/ready.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
