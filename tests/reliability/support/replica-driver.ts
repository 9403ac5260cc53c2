/**
 * One app replica for the replica test: its own process, its own connection pool to the shared PostgreSQL, the
 * same use cases and worker as the app. Commands arrive as JSON lines on stdin; each answer is one JSON line.
 *
 *   node <bundle of this file> '{"dbUrl":…,"emulatorUrl":…,"tokenFile":…,"name":"a"}'     (bundled by support/child.ts)
 *
 *   {"op":"warm","upns":[…]}                                   → {"op":"warm"}               (sign-ins done up front)
 *   {"op":"decide","id":n,"requestId":…,"approver":"p01","decision":"approve","at":<epoch ms>}
 *                                                              → {"op":"decide","id":n,"outcome":…} | {…,"error":{code,message}}
 *   {"op":"work","idleRounds":n}                               → {"op":"work","done":n,"claimed":n}
 */
import { createInterface } from "node:readline";
import { createPrismaClient } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { jobHandlers } from "@/lib/jobs/handlers";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { setLogLevel } from "@/lib/log";
import { decideApproval } from "@/lib/requests/decide-approval";
import { createAppDeps } from "./app-deps";
import { approvers, sessionUser } from "./fleet";

interface ReplicaConfig {
  dbUrl: string;
  emulatorUrl: string;
  tokenFile: string;
  name: string;
}

type Command =
  | { op: "warm"; upns: (keyof typeof approvers)[] }
  | { op: "decide"; id: number; requestId: string; approver: keyof typeof approvers; decision: "approve" | "deny"; at: number }
  | { op: "work"; idleRounds: number };

const config = JSON.parse(process.argv[2] ?? "{}") as ReplicaConfig;
const answer = (value: object) => void process.stdout.write(`${JSON.stringify(value)}\n`);
setLogLevel("error");

const db = createPrismaClient(config.dbUrl, 4);
const set = await createAppDeps({ db, emulatorUrl: config.emulatorUrl, tokenFile: config.tokenFile });

/** Sleeps until `at` on the wall clock, spinning for the last milliseconds so both replicas fire together. */
async function until(at: number): Promise<void> {
  while (at - Date.now() > 5) await new Promise((r) => setTimeout(r, Math.max(1, at - Date.now() - 5)));
  while (Date.now() < at) {
    // spin
  }
}

async function run(c: Command): Promise<void> {
  if (c.op === "warm") {
    for (const who of c.upns) {
      // Any delegated call makes the token source sign the user in.
      await set.interactive.graph.user(sessionUser(approvers[who])).api("/me").get();
    }
    await set.syncClock();
    return answer({ op: "warm" });
  }
  if (c.op === "decide") {
    await until(c.at);
    try {
      const input = { requestId: c.requestId, decision: c.decision, reason: `Decided on replica ${config.name}` };
      const r = await decideApproval(set.interactive, { user: sessionUser(approvers[c.approver]), input });
      return answer({ op: "decide", id: c.id, outcome: r.outcome });
    } catch (e) {
      if (!isAppError(e)) return answer({ op: "decide", id: c.id, error: { code: "unexpected", message: String(e) } });
      return answer({ op: "decide", id: c.id, error: { code: e.code, message: e.userMessage } });
    }
  }
  let done = 0;
  let claimed = 0;
  for (let idle = 0; idle < c.idleRounds; ) {
    const s = await runWorkerOnce(set.worker, { handlers: jobHandlers, workerId: `replica-${config.name}`, batchSize: 5 });
    done += s.done;
    claimed += s.claimed;
    idle = s.claimed === 0 ? idle + 1 : 0;
  }
  answer({ op: "work", done, claimed });
}

answer({ op: "ready" });
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  // Commands run concurrently: the test sends many decisions at once.
  void run(JSON.parse(line) as Command).catch((e: unknown) => answer({ op: "crash", message: String(e) }));
}
await db.$disconnect();
