/**
 * One seeded request and everything the app would have recorded about it: the request row, decisions, approval
 * links and its audit events (unchained: seq and hashes are assigned when the batch is written). Outcomes and
 * timings follow what PIM-backed approval looks like in practice: most requests are approved within minutes and
 * run to expiry; some are ended early, denied, cancelled, left to PIM's 24 h timeout, or refused by PIM.
 * Anything scheduled after `now` has not happened yet, so recent requests are still pending, approved or active.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { z } from "zod";
import type { auditSchemas, AuditAction } from "@/lib/audit/events";
import type { RequestState } from "@/lib/requests/state-machine";
import type { SeedCast, SeedTarget, SeedUser } from "./people";
import { cumulativeWeights, type Random } from "./random";

export interface SeedRequestRow {
  id: string;
  targetId: string;
  requesterId: string;
  status: RequestState;
  version: number;
  justification: string;
  ticketNumber: string | null;
  ticketSystem: string | null;
  durationMinutes: number;
  quorum: number;
  pimRequestId: string | null;
  pimStatus: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  submittedAt: Date;
  approvalExpiresAt: Date | null;
  decidedAt: Date | null;
  activatedAt: Date | null;
  expiresAt: Date | null;
  endedAt: Date | null;
  revokeSessionsOnEnd: boolean;
  updatedAt: Date;
}

export interface SeedDecisionRow {
  id: string;
  requestId: string;
  approverId: string;
  kind: "approve" | "deny";
  reason: string;
  isFinal: boolean;
  createdAt: Date;
}

export interface SeedLinkRow {
  id: string;
  requestId: string;
  approverId: string;
  approverEmail: string;
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
}

/** An audit event before it joins the chain. */
export interface SeedEvent {
  at: Date;
  actorType: "user" | "system";
  actorId: string;
  actorName: string;
  action: AuditAction;
  requestId: string;
  data: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
}

export interface SeededRequest {
  request: SeedRequestRow;
  decisions: SeedDecisionRow[];
  links: SeedLinkRow[];
  events: SeedEvent[];
}

type Outcome = "expired" | "deactivated" | "denied" | "canceled" | "timed_out" | "failed";
const outcomes: Outcome[] = ["expired", "deactivated", "denied", "canceled", "timed_out", "failed"];
const outcomeWeights = cumulativeWeights([58, 17, 9, 8, 4, 4]);
const durations = [30, 60, 60, 60, 120, 120, 240, 480];

const verbs = ["Investigate", "Roll back", "Scale out", "Restart", "Patch", "Debug", "Rotate", "Drain", "Upgrade", "Recover", "Inspect", "Fix"];
const objects = [
  "crash-looping pods in", "the ingress controller of", "expiring certificates of", "the node pool behind", "a failed deployment of",
  "a memory leak in", "DNS resolution for", "HPA settings of", "a stuck CronJob in", "a full volume of", "network policies for",
  "secrets used by", "the service mesh sidecars of", "OOM-killed workers of",
];
const services = [
  "payments-api", "checkout-web", "search-indexer", "auth-gateway", "orders-worker", "inventory-sync", "ml-scoring", "billing-export",
  "notification-hub", "catalog-api", "fraud-detector", "report-builder", "ledger-service", "media-transcoder", "session-store",
];
const contexts = ["", "", " during the incident", " after the failed release", " per the change request", " for the DR test", " (customer impact)", " — on-call"];
const approveReasons = ["Approved", "Ticket checked, go ahead", "OK for the incident", "Approved, keep it short", "Fine, matches the change"];
const denyReasons = [
  "Use the read-only role for this",
  "Not during the change freeze",
  "The ticket does not match this cluster",
  "Please ask the owning team first",
  "Too long: resubmit for one hour",
];
const browsers = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
];
const pimFailures = [
  { code: "RoleAssignmentRequestPolicyValidationFailed", kind: "policy", reason: "The requested duration exceeds what the PIM policy allows." },
  { code: "ActiveDurationTooShort", kind: "policy", reason: "PIM refused: the activation is shorter than the minimum." },
  { code: "RoleAssignmentExists", kind: "conflict", reason: "PIM says the membership is already active." },
];

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const APPROVAL_WINDOW = 24 * HOUR;
const systemActor = { actorType: "system" as const, actorId: "worker", actorName: "JIT worker", ip: null, userAgent: null };

export interface RequestFactory {
  /** A request submitted at `submittedAt`, cut off at the factory's `now`. */
  create(submittedAt: Date): SeededRequest;
  /** Uniform in [0, 1), from the same seeded source (spreads submission times). */
  jitter(): number;
}

export function requestFactory(cast: SeedCast, random: Random, now: Date): RequestFactory {
  // A few people ask far more often than most (on-call rotations).
  const requesterWeights = cumulativeWeights(cast.requesters.map((_, i) => 1 / (1 + (i % 40))));
  const targetWeights = cumulativeWeights(cast.targets.map((t) => t.weight));
  const nowMs = now.getTime();
  const clamp = (ms: number, min: number, max: number) => Math.round(Math.min(max, Math.max(min, ms)));

  return {
    jitter: () => random.next(),
    create(submittedAt) {
      const requester = random.weighted(cast.requesters, requesterWeights);
      const target = random.weighted(cast.targets, targetWeights);
      const outcome = random.weighted(outcomes, outcomeWeights);
      const t0 = submittedAt.getTime();
      const ticket = ticketFor(random);
      const userActor = {
        actorType: "user" as const,
        actorId: requester.id,
        actorName: requester.displayName,
        ip: `10.20.${(requester.id.charCodeAt(35) * 7) % 250}.${random.int(2, 250)}`,
        userAgent: random.pick(browsers),
      };
      const s: Scenario = {
        id: randomUUID(),
        requester,
        target,
        userActor,
        events: [],
        decisions: [],
        links: [],
        status: "submitted",
        version: 0,
        updatedAt: submittedAt,
        isCut: false,
      };
      const durationMinutes = random.pick(durations);
      const justification = `${random.pick(verbs)} ${random.pick(objects)} ${random.pick(services)}${random.pick(contexts)}`;
      const row: SeedRequestRow = {
        id: s.id,
        targetId: target.id,
        requesterId: requester.id,
        status: "submitted",
        version: 0,
        justification,
        ticketNumber: ticket?.number ?? null,
        ticketSystem: ticket?.system ?? null,
        durationMinutes,
        quorum: target.quorum,
        pimRequestId: null,
        pimStatus: null,
        failureCode: null,
        failureMessage: null,
        submittedAt,
        approvalExpiresAt: null,
        decidedAt: null,
        activatedAt: null,
        expiresAt: null,
        endedAt: null,
        revokeSessionsOnEnd: false,
        updatedAt: submittedAt,
      };

      const happen = (atMs: number, fn: (at: Date) => void): boolean => {
        if (s.isCut || atMs > nowMs) {
          s.isCut = true;
          return false;
        }
        const at = new Date(atMs);
        fn(at);
        s.updatedAt = at;
        return true;
      };
      const move = (to: RequestState) => {
        const from = s.status;
        s.status = to;
        s.version++;
        return { from, to };
      };

      happen(t0, (at) =>
        event(s, at, userActor, "request.submitted", {
          to: "submitted",
          targetId: target.id,
          durationMinutes,
          justification,
          ticketNumber: row.ticketNumber,
        }),
      );

      const pimAt = t0 + random.int(400, 2500);
      if (outcome === "failed") {
        const failure = random.pick(pimFailures);
        happen(pimAt, (at) => {
          event(s, at, userActor, "request.failed", { ...move("failed"), ...failure });
          Object.assign(row, { failureCode: failure.code, failureMessage: failure.reason, endedAt: at });
        });
        return finish(s, row);
      }

      const pimRequestId = randomUUID();
      happen(pimAt, (at) => {
        event(s, at, userActor, "request.pim_submitted", {
          ...move("pending_approval"),
          pimRequestId,
          pimStatus: "PendingApproval",
          approvalId: pimRequestId,
          adopted: false,
        });
        Object.assign(row, { pimRequestId, pimStatus: "PendingApproval", approvalExpiresAt: new Date(t0 + APPROVAL_WINDOW) });
      });
      const routedAt = pimAt + random.int(800, 4000);
      const linkExpiry = new Date(t0 + APPROVAL_WINDOW);
      happen(routedAt, (at) => {
        for (const a of target.approvers) {
          s.links.push({
            id: randomUUID(),
            requestId: s.id,
            approverId: a.id,
            approverEmail: a.email,
            tokenHash: randomBytes(32).toString("hex"),
            expiresAt: linkExpiry,
            usedAt: null,
            createdAt: at,
          });
          event(s, at, systemActor, "approval.link_issued", { approverId: a.id, approverEmail: a.email, expiresAt: linkExpiry.toISOString() });
        }
        event(s, at, systemActor, "request.routed", {
          recipients: target.approvers.map((a) => ({ id: a.id, upn: a.upn })),
          excluded: { requester: false, ownersOnly: 0, elevated: 0, noAddress: 0 },
        });
      });

      if (outcome === "canceled") {
        happen(routedAt + clamp(random.logNormal(4 * MINUTE, 0.9), 10 * SECOND, 20 * HOUR), (at) => {
          event(s, at, userActor, "request.canceled", { ...move("canceled"), source: "requester" });
          Object.assign(row, { pimStatus: "Canceled", endedAt: at });
        });
        return finish(s, row);
      }
      if (outcome === "timed_out") {
        happen(t0 + APPROVAL_WINDOW + random.int(30 * SECOND, 6 * MINUTE), (at) => {
          event(s, at, systemActor, "request.timed_out", { ...move("timed_out"), pimStatus: "TimedOut" });
          Object.assign(row, { pimStatus: "TimedOut", endedAt: at });
        });
        return finish(s, row);
      }

      // Decisions: the first N-1 approvals are recorded by the app, the N-th (or any deny) goes to PIM.
      const isDeny = outcome === "denied";
      const deciders = shuffled(random, target.approvers).slice(0, isDeny ? 1 : target.quorum);
      let decideAt = routedAt + clamp(random.logNormal(7 * MINUTE, 1.1), 20 * SECOND, 20 * HOUR);
      deciders.forEach((approver, i) => {
        const isFinal = i === deciders.length - 1;
        const kind = isDeny ? "deny" : "approve";
        const reason = random.pick(isDeny ? denyReasons : approveReasons);
        const actor = { actorType: "user" as const, actorId: approver.id, actorName: approver.displayName, ip: `10.30.0.${random.int(2, 250)}`, userAgent: random.pick(browsers) };
        happen(decideAt, (at) => {
          s.decisions.push({ id: randomUUID(), requestId: s.id, approverId: approver.id, kind, reason, isFinal, createdAt: at });
          for (const link of s.links) if (link.approverId === approver.id) link.usedAt = at;
          if (!isFinal) {
            event(s, at, actor, "approval.recorded", { approverId: approver.id, approvals: i + 1, quorum: target.quorum });
            s.version++;
            return;
          }
          event(s, at, actor, "approval.decided", { approverId: approver.id, decision: kind, reason, pimStageId: randomUUID() });
          if (isDeny) {
            event(s, at, actor, "request.denied", { ...move("denied"), source: "app", reason });
            Object.assign(row, { decidedAt: at, endedAt: at, pimStatus: "Denied" });
          } else {
            event(s, at, actor, "request.approved", { ...move("approved"), source: "app" });
            row.decidedAt = at;
          }
        });
        decideAt += clamp(random.logNormal(5 * MINUTE, 1), 15 * SECOND, 3 * HOUR);
      });
      if (isDeny || s.status !== "approved") return finish(s, row);

      const decidedMs = (row.decidedAt ?? submittedAt).getTime();
      const startMs = decidedMs + clamp(random.logNormal(25 * SECOND, 0.6), 3 * SECOND, 10 * MINUTE);
      const endMs = startMs + durationMinutes * MINUTE;
      happen(startMs, (at) => {
        const end = new Date(endMs);
        event(s, at, systemActor, "request.activated", { ...move("active"), startDateTime: at.toISOString(), endDateTime: end.toISOString() });
        Object.assign(row, { activatedAt: at, expiresAt: end, pimStatus: "Provisioned" });
      });
      if (outcome === "deactivated") {
        const revokeSessions = random.chance(0.3);
        happen(startMs + Math.max(5 * MINUTE, durationMinutes * MINUTE * (0.15 + 0.75 * random.next())), (at) => {
          event(s, at, userActor, "request.deactivated", { ...move("deactivated"), source: "requester", revokeSessions });
          Object.assign(row, { endedAt: at, revokeSessionsOnEnd: revokeSessions });
        });
      } else {
        happen(endMs + random.int(2 * SECOND, 40 * SECOND), (at) => {
          event(s, at, systemActor, "request.expired", { ...move("expired"), endDateTime: new Date(endMs).toISOString() });
          row.endedAt = new Date(endMs);
        });
      }
      return finish(s, row);
    },
  };
}

interface Scenario {
  id: string;
  requester: SeedUser;
  target: SeedTarget;
  userActor: Pick<SeedEvent, "actorType" | "actorId" | "actorName" | "ip" | "userAgent">;
  events: SeedEvent[];
  decisions: SeedDecisionRow[];
  links: SeedLinkRow[];
  status: RequestState;
  version: number;
  updatedAt: Date;
  /** Something was due after `now`: nothing later happens either. */
  isCut: boolean;
}

/** Typed like lib/audit/events.ts: `data` must fit the action's schema. */
function event<A extends AuditAction>(
  s: Scenario,
  at: Date,
  actor: Pick<SeedEvent, "actorType" | "actorId" | "actorName" | "ip" | "userAgent">,
  action: A,
  data: z.input<(typeof auditSchemas)[A]>,
): void {
  s.events.push({ at, ...actor, action, requestId: s.id, data });
}

function finish(s: Scenario, row: SeedRequestRow): SeededRequest {
  row.status = s.status;
  row.version = s.version;
  row.updatedAt = s.updatedAt;
  return { request: row, decisions: s.decisions, links: s.links, events: s.events };
}

function ticketFor(random: Random): { number: string; system: string } | null {
  const r = random.next();
  if (r < 0.55) return { number: `INC${random.int(1_000_000, 9_999_999)}`, system: "ServiceNow" };
  if (r < 0.7) return { number: `CHG${random.int(1_000_000, 9_999_999)}`, system: "ServiceNow" };
  if (r < 0.82) return { number: `OPS-${random.int(1000, 99_999)}`, system: "Jira" };
  return null;
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
