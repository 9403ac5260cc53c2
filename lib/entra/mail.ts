/**
 * Sends mail from the service mailbox with app-only Mail.Send (entra-graph-api.md §7.5).
 *
 * Graph's JSON sendMail carries ONE body. We send the HTML part; the plain-text rendering our templates also
 * produce is not attached (a multipart/alternative message would need the MIME form of sendMail, which is more
 * fragile and which the emulator does not model). Outlook and Exchange derive a text view themselves.
 */
import type { GraphClient } from "./graph";

export interface MailRecipient {
  address: string;
  name?: string | null;
}

export interface OutgoingMail {
  to: MailRecipient[];
  subject: string;
  html: string;
  /** Custom headers; Exchange only accepts names starting with `x-`. */
  headers?: Record<string, string>;
}

export async function sendMail(client: GraphClient, from: string, message: OutgoingMail): Promise<void> {
  const headers = Object.entries(message.headers ?? {}).filter(([name]) => /^x-/i.test(name));
  await client.api(`/users/${encodeURIComponent(from)}/sendMail`).post({
    message: {
      subject: message.subject,
      body: { contentType: "HTML", content: message.html },
      toRecipients: message.to.map((r) => ({ emailAddress: { address: r.address, ...(r.name ? { name: r.name } : {}) } })),
      ...(headers.length ? { internetMessageHeaders: headers.map(([name, value]) => ({ name, value })) } : {}),
    },
    saveToSentItems: false,
  });
}
