/**
 * Who may try how often. Per person AND per client address, so one account cannot be used to flood, and one
 * address cannot rotate accounts. Generous for people, tight for scripts (every window is 10 minutes):
 *   sign-in     30 per address (each sign-in is one GET /api/auth/login)
 *   submit      10 per person, 60 per address (one open request per target anyway)
 *   decide      30 per person, 120 per address
 *   end early   20 per person, 120 per address — cancel and deactivate share it
 *   verify      5 per auditor, 20 per address — each run reads the whole audit log (about a minute at 8M events)
 *   export      20 per auditor, 60 per address — each may stream the whole history
 * Without a proxy telling us the client's address, everyone shares the "unknown" bucket (client-ip.ts): a whole
 * team signing in at nine, or an incident room all asking at once, must still fit, so that bucket is ten times
 * larger. The per-person limits hold either way.
 *
 * Server actions call `enforceActionRateLimits(rateLimits.submit, user)` (app/requests/_lib/action-kit.ts) once
 * the form is valid and before the use case; the resulting AppError("rate_limited") carries the rule's message
 * and retryAfterSeconds.
 */
import type { RateLimitRule } from "./rate-limit";

const TEN_MINUTES = 600;
const perAddress = (ip: string, limit: number) => (ip === "unknown" ? limit * 10 : limit);

export const rateLimits = {
  signIn: (ip: string): RateLimitRule[] => [
    { key: `sign-in:ip:${ip}`, limit: perAddress(ip, 30), windowSec: TEN_MINUTES, message: "Too many sign-in attempts from your network." },
  ],
  submit: (userId: string, ip: string): RateLimitRule[] => [
    { key: `submit:user:${userId}`, limit: 10, windowSec: TEN_MINUTES, message: "You have submitted many requests in a short time." },
    { key: `submit:ip:${ip}`, limit: perAddress(ip, 60), windowSec: TEN_MINUTES, message: "Too many requests are being submitted from your network." },
  ],
  decide: (userId: string, ip: string): RateLimitRule[] => [
    { key: `decide:user:${userId}`, limit: 30, windowSec: TEN_MINUTES, message: "You have made many decisions in a short time." },
    { key: `decide:ip:${ip}`, limit: perAddress(ip, 120), windowSec: TEN_MINUTES, message: "Too many decisions are being sent from your network." },
  ],
  // Cancel and deactivate (app/requests/[id]/actions.ts says why they need a limit): normally one click per request.
  endEarly: (userId: string, ip: string): RateLimitRule[] => [
    { key: `end-early:user:${userId}`, limit: 20, windowSec: TEN_MINUTES, message: "You have canceled or ended access many times in a short time." },
    { key: `end-early:ip:${ip}`, limit: perAddress(ip, 120), windowSec: TEN_MINUTES, message: "Too many requests are being canceled or ended from your network." },
  ],
  // Auditors are trusted, but one verification or full export costs a minute of database and CPU time: a held-down
  // button or a script must not queue dozens of them.
  verifyAudit: (userId: string, ip: string): RateLimitRule[] => [
    { key: `audit-verify:user:${userId}`, limit: 5, windowSec: TEN_MINUTES, message: "You have verified the audit log many times in a short time." },
    { key: `audit-verify:ip:${ip}`, limit: perAddress(ip, 20), windowSec: TEN_MINUTES, message: "The audit log is being verified many times from your network." },
  ],
  exportHistory: (userId: string, ip: string): RateLimitRule[] => [
    { key: `export:user:${userId}`, limit: 20, windowSec: TEN_MINUTES, message: "You have exported the history many times in a short time." },
    { key: `export:ip:${ip}`, limit: perAddress(ip, 60), windowSec: TEN_MINUTES, message: "The history is being exported many times from your network." },
  ],
};
