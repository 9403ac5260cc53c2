/**
 * Runs once when the Next.js server starts. A bad configuration stops the process here with a message naming
 * the variable, instead of failing on the first request. Then the elevation targets are synced into the database
 * and, with WORKER_MODE=in-process (the default; safe with several replicas because jobs are claimed with
 * SKIP LOCKED), the outbox worker starts inside the server.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerNode } = await import("./lib/startup");
  await registerNode();
}
