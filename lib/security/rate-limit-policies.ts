/**
 * Who may try how often. Per person AND per client address, so one account cannot be used to flood, and one
 * address cannot rotate accounts. Generous for people, tight for scripts:
 *   sign-in   30 per address per 10 min (each sign-in is one GET /api/auth/login); 300 when the address is unknown
 *   submit    10 per person, 60 per address per 10 min (one open request per target anyway)
 *   decide    30 per person, 120 per address per 10 min
 *
 * Server actions call `await enforceRateLimits(rateLimits.submit(user.id, clientIp(await headers())))` before the
 * use case; the resulting AppError("rate_limited") carries its message and retryAfterSeconds.
 */
import type { RateLimitRule } from "./rate-limit";

const TEN_MINUTES = 600;

export const rateLimits = {
  // Without a proxy telling us the client's address every sign-in shares the "unknown" bucket (client-ip.ts):
  // a whole team signing in at nine must still fit, so that shared bucket is ten times larger.
  signIn: (ip: string): RateLimitRule[] => [
    { key: `sign-in:ip:${ip}`, limit: ip === "unknown" ? 300 : 30, windowSec: TEN_MINUTES, message: "Too many sign-in attempts from your network." },
  ],
  submit: (userId: string, ip: string): RateLimitRule[] => [
    { key: `submit:user:${userId}`, limit: 10, windowSec: TEN_MINUTES, message: "You have submitted many requests in a short time." },
    { key: `submit:ip:${ip}`, limit: 60, windowSec: TEN_MINUTES, message: "Too many requests are being submitted from your network." },
  ],
  decide: (userId: string, ip: string): RateLimitRule[] => [
    { key: `decide:user:${userId}`, limit: 30, windowSec: TEN_MINUTES, message: "You have made many decisions in a short time." },
    { key: `decide:ip:${ip}`, limit: 120, windowSec: TEN_MINUTES, message: "Too many decisions are being sent from your network." },
  ],
};
