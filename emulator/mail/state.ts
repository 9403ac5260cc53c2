/**
 * The emulator mailbox: every message sent through Graph `sendMail`, oldest first. One shared mailbox for
 * all recipients, like a mail catcher; the UI filters it per recipient.
 */
import { randomUUID } from "node:crypto";
import type { Clock, MailMessage } from "../core/types";

export interface MailState {
  messages: MailMessage[];
  /** Ids of messages opened in the mailbox UI (for unread counts). */
  readIds: string[];
}

export function emptyMailState(): MailState {
  return { messages: [], readIds: [] };
}

/** Stores a message with a fresh id and the emulated time of receipt, and returns it. */
export function appendMail(slice: MailState, message: Omit<MailMessage, "id" | "receivedAt">, clock: Clock): MailMessage {
  const stored: MailMessage = { id: randomUUID(), receivedAt: clock.now().toISOString(), ...structuredClone(message) };
  slice.messages.push(stored);
  return stored;
}

/** Everyone a message was delivered to (to, cc and bcc), lower-cased. */
export function recipientsOf(message: MailMessage): string[] {
  return [...new Set([...message.to, ...message.cc, ...(message.bcc ?? [])].map((r) => r.address.toLowerCase()))];
}

export function isRead(slice: MailState, id: string): boolean {
  return (slice.readIds ?? []).includes(id);
}

export function markRead(slice: MailState, id: string): boolean {
  slice.readIds ??= [];
  if (slice.readIds.includes(id)) return false;
  slice.readIds.push(id);
  return true;
}
