/**
 * Browser sign-in sessions (the emulator's ESTSAUTH cookie). Only `prompt=none` and logout use them; the
 * account picker is always shown otherwise so tests and demo users choose who signs in.
 */
import { randomUUID } from "node:crypto";
import type { Ctx } from "../core/types";
import { isRevoked, nextSeq, type BrowserSession, type IdentitySlice } from "./state";

const cookieName = "ESTSAUTH_EMU";

export function startSession(slice: IdentitySlice, userId: string, nowMs: number): BrowserSession & { id: string } {
  const id = randomUUID();
  const session: BrowserSession = { userId, seq: nextSeq(slice), createdAtMs: nowMs };
  slice.sessions[id] = session;
  return { id, ...session };
}

export function sessionCookie(id: string): string {
  return `${cookieName}=${id}; Path=/; HttpOnly; Secure; SameSite=None`;
}

export function clearedSessionCookie(): string {
  return `${cookieName}=; Path=/; HttpOnly; Secure; SameSite=None; Max-Age=0`;
}

function cookieSessionId(ctx: Ctx): string | undefined {
  const header = ctx.req.headers.cookie ?? "";
  for (const part of header.split(";")) {
    const [k, v] = part.trim().split("=");
    if (k === cookieName && v) return v;
  }
  return undefined;
}

/** The live session named by the request's cookie, if it exists and was not revoked. */
export function sessionFromCookie(ctx: Ctx, slice: IdentitySlice): (BrowserSession & { id: string }) | undefined {
  const id = cookieSessionId(ctx);
  const session = id ? slice.sessions[id] : undefined;
  if (!id || !session || isRevoked(slice, session.userId, session.seq)) return undefined;
  return { id, ...session };
}

export function endSession(ctx: Ctx, slice: IdentitySlice): boolean {
  const id = cookieSessionId(ctx);
  if (!id || !slice.sessions[id]) return false;
  delete slice.sessions[id];
  return true;
}
