/**
 * One seeded request and everything the app would have recorded about it: the request row, decisions, approval
 * links and its audit events (unchained: seq and hashes are assigned when the batch is written). Outcomes and
 * timings follow what PIM-backed approval looks like in practice: most requests are approved within minutes and
 * run to expiry; some are ended early, denied, cancelled, left to PIM's 24 h timeout, or refused by PIM.
 * Anything scheduled after `now` has not happened yet, so recent requests are still pending, approved or active.
 *
 * Times are Unix milliseconds (numbers, not Dates): a million requests have some twenty million timestamps, and
 * the writers need numbers anyway (binary COPY) or format them themselves.
 */
import { randomFillSync, randomUUID } from "node:crypto";
import type { AuditAction } from "@/lib/audit/events";
import type { RequestState } from "@/lib/requests/state-machine";
import type { SeedCast, SeedTarget, SeedUser } from "./people";
import { seededDataJson, type SeededAction } from "./data-json";
import { isoUtc } from "./iso";
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
  submittedAt: number;
  approvalExpiresAt: number | null;
  decidedAt: number | null;
  activatedAt: number | null;
  expiresAt: number | null;
  endedAt: number | null;
  revokeSessionsOnEnd: boolean;
  updatedAt: number;
}

export interface SeedDecisionRow {
  id: string;
  requestId: string;
  /** The request's submittedAt (decisions carry it for the history's approver filter, migration 0008). */
  requestSubmittedAt: number;
  approverId: string;
  kind: "approve" | "deny";
  reason: string;
  isFinal: boolean;
  createdAt: number;
}

export interface SeedLinkRow {
  id: string;
  requestId: string;
  approverId: string;
  approverEmail: string;
  tokenHash: string;
  expiresAt: number;
  usedAt: number | null;
  createdAt: number;
}

/** Who did something, from where: one object per requester or approver per request (its address and browser). */
export interface SeedActor {
  type: "user" | "system";
  id: string;
  name: string;
  ip: string | null;
  userAgent: string | null;
}

/** The request an event belongs to, shared by all of its events. */
export interface SeedRequestRef {
  id: string;
}

/** An audit event before it joins the chain. */
export interface SeedEvent {
  at: number;
  actor: SeedActor;
  action: AuditAction;
  request: SeedRequestRef;
  /** The event's data as canonical JSON (data-json.ts). */
  dataJson: string;
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
const systemActor = seedActor("system", "worker", "JIT worker", null, null);

export interface RequestFactory {
  /** A request submitted at `submittedAt`, cut off at the factory's `now`. */
  create(submittedAt: number): SeededRequest;
  /** Uniform in [0, 1), from the same seeded source (spreads submission times). */
  jitter(): number;
}

export function requestFactory(cast: SeedCast, random: Random, now: Date): RequestFactory {
  const tokenHash = randomHexSource(32);
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
      const t0 = submittedAt;
      const ticket = ticketFor(random);
      const userActor = seedActor("user", requester.id, requester.displayName, `10.20.${(requester.id.charCodeAt(35) * 7) % 250}.${random.int(2, 250)}`, random.pick(browsers));
      const id = randomUUID();
      const s: Scenario = {
        id,
        ref: { id },
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

      const happen = (atMs: number, fn: (at: number) => void): boolean => {
        if (s.isCut || atMs > nowMs) {
          s.isCut = true;
          return false;
        }
        const at = Math.floor(atMs); // the columns keep whole milliseconds
        fn(at);
        s.updatedAt = at;
        return true;
      };
      /** Moves the request to `to` and returns the state it came from. (Data objects list their keys in sorted order: chain.ts then skips sorting them.) */
      const move = (to: RequestState): RequestState => {
        const from = s.status;
        s.status = to;
        s.version++;
        return from;
      };

      happen(t0, (at) =>
        event(s, at, userActor, "request.submitted", { durationMinutes, justification, targetId: target.id, ticketNumber: row.ticketNumber, to: "submitted" }),
      );

      const pimAt = t0 + random.int(400, 2500);
      if (outcome === "failed") {
        const failure = random.pick(pimFailures);
        happen(pimAt, (at) => {
          event(s, at, userActor, "request.failed", { code: failure.code, from: move("failed"), kind: failure.kind, reason: failure.reason, to: "failed" });
          Object.assign(row, { failureCode: failure.code, failureMessage: failure.reason, endedAt: at });
        });
        return finish(s, row);
      }

      const pimRequestId = randomUUID();
      happen(pimAt, (at) => {
        event(s, at, userActor, "request.pim_submitted", {
          adopted: false,
          approvalId: pimRequestId,
          from: move("pending_approval"),
          pimRequestId,
          pimStatus: "PendingApproval",
          to: "pending_approval",
        });
        Object.assign(row, { pimRequestId, pimStatus: "PendingApproval", approvalExpiresAt: t0 + APPROVAL_WINDOW });
      });
      const routedAt = pimAt + random.int(800, 4000);
      const linkExpiry = t0 + APPROVAL_WINDOW;
      const linkExpiryIso = isoUtc(linkExpiry);
      happen(routedAt, (at) => {
        for (const a of target.approvers) {
          s.links.push({
            id: randomUUID(),
            requestId: s.id,
            approverId: a.id,
            approverEmail: a.email,
            tokenHash: tokenHash(),
            expiresAt: linkExpiry,
            usedAt: null,
            createdAt: at,
          });
          event(s, at, systemActor, "approval.link_issued", { approverEmail: a.email, approverId: a.id, expiresAt: linkExpiryIso });
        }
        event(s, at, systemActor, "request.routed", {
          excluded: { elevated: 0, noAddress: 0, ownersOnly: 0, requester: false },
          recipients: target.approvers.map((a) => ({ id: a.id, upn: a.upn })),
        });
      });

      if (outcome === "canceled") {
        happen(routedAt + clamp(random.logNormal(4 * MINUTE, 0.9), 10 * SECOND, 20 * HOUR), (at) => {
          event(s, at, userActor, "request.canceled", { from: move("canceled"), source: "requester", to: "canceled" });
          Object.assign(row, { pimStatus: "Canceled", endedAt: at });
        });
        return finish(s, row);
      }
      if (outcome === "timed_out") {
        happen(t0 + APPROVAL_WINDOW + random.int(30 * SECOND, 6 * MINUTE), (at) => {
          event(s, at, systemActor, "request.timed_out", { from: move("timed_out"), pimStatus: "TimedOut", to: "timed_out" });
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
        const actor = seedActor("user", approver.id, approver.displayName, `10.30.0.${random.int(2, 250)}`, random.pick(browsers));
        happen(decideAt, (at) => {
          s.decisions.push({ id: randomUUID(), requestId: s.id, requestSubmittedAt: submittedAt, approverId: approver.id, kind, reason, isFinal, createdAt: at });
          for (const link of s.links) if (link.approverId === approver.id) link.usedAt = at;
          if (!isFinal) {
            event(s, at, actor, "approval.recorded", { approvals: i + 1, approverId: approver.id, quorum: target.quorum });
            s.version++;
            return;
          }
          event(s, at, actor, "approval.decided", { approverId: approver.id, decision: kind, pimStageId: randomUUID(), reason });
          if (isDeny) {
            event(s, at, actor, "request.denied", { from: move("denied"), reason, source: "app", to: "denied" });
            Object.assign(row, { decidedAt: at, endedAt: at, pimStatus: "Denied" });
          } else {
            event(s, at, actor, "request.approved", { from: move("approved"), source: "app", to: "approved" });
            row.decidedAt = at;
          }
        });
        decideAt += clamp(random.logNormal(5 * MINUTE, 1), 15 * SECOND, 3 * HOUR);
      });
      if (isDeny || s.status !== "approved") return finish(s, row);

      const decidedMs = row.decidedAt ?? submittedAt;
      const startMs = decidedMs + clamp(random.logNormal(25 * SECOND, 0.6), 3 * SECOND, 10 * MINUTE);
      const endMs = startMs + durationMinutes * MINUTE;
      happen(startMs, (at) => {
        event(s, at, systemActor, "request.activated", { endDateTime: isoUtc(at + durationMinutes * MINUTE), from: move("active"), startDateTime: isoUtc(at), to: "active" });
        Object.assign(row, { activatedAt: at, expiresAt: at + durationMinutes * MINUTE, pimStatus: "Provisioned" });
      });
      if (outcome === "deactivated") {
        const revokeSessions = random.chance(0.3);
        happen(startMs + Math.max(5 * MINUTE, durationMinutes * MINUTE * (0.15 + 0.75 * random.next())), (at) => {
          event(s, at, userActor, "request.deactivated", { from: move("deactivated"), revokeSessions, source: "requester", to: "deactivated" });
          Object.assign(row, { endedAt: at, revokeSessionsOnEnd: revokeSessions });
        });
      } else {
        happen(endMs + random.int(2 * SECOND, 40 * SECOND), (at) => {
          event(s, at, systemActor, "request.expired", { endDateTime: isoUtc(row.expiresAt ?? endMs), from: move("expired"), to: "expired" });
          row.endedAt = row.expiresAt ?? endMs;
        });
      }
      return finish(s, row);
    },
  };
}

interface Scenario {
  id: string;
  ref: SeedRequestRef;
  requester: SeedUser;
  target: SeedTarget;
  userActor: SeedActor;
  events: SeedEvent[];
  decisions: SeedDecisionRow[];
  links: SeedLinkRow[];
  status: RequestState;
  version: number;
  updatedAt: number;
  /** Something was due after `now`: nothing later happens either. */
  isCut: boolean;
}

/** Typed like lib/audit/events.ts: `data` must fit the action's schema. */
function event<A extends SeededAction>(s: Scenario, at: number, actor: SeedActor, action: A, data: Parameters<(typeof seededDataJson)[A]>[0]): void {
  const json = seededDataJson[action] as (d: typeof data) => string;
  s.events.push({ at, actor, action, request: s.ref, dataJson: json(data) });
}

function seedActor(type: SeedActor["type"], id: string, name: string, ip: string | null, userAgent: string | null): SeedActor {
  return { type, id, name, ip, userAgent };
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

/** Random lowercase hex strings of `bytes` bytes, cut from a pooled buffer (one random fill per 2 048 strings). */
function randomHexSource(bytes: number): () => string {
  const pool = Buffer.allocUnsafe(bytes * 2048);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    offset += bytes;
    return pool.toString("hex", offset - bytes, offset);
  };
}
