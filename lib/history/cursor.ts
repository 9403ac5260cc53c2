/**
 * The keyset pagination cursor: the (submitted_at, id) of the last row shown, as an opaque token. Opaque so
 * nobody builds URLs around its layout; it is not secret or signed — anyone who may page through history may
 * also start from any point of it, so a forged cursor only changes where the page starts.
 */
export interface HistoryCursor {
  submittedAt: Date;
  id: string;
}

const shape = /^h1\.(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeCursor(c: HistoryCursor): string {
  return Buffer.from(`h1.${c.submittedAt.getTime()}.${c.id}`, "utf8").toString("base64url");
}

/** Null for anything that is not a cursor this module wrote. */
export function decodeCursor(token: string): HistoryCursor | null {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(token)) return null;
  const m = shape.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m?.[1] || !m[2]) return null;
  const submittedAt = new Date(Number(m[1]));
  return Number.isNaN(submittedAt.getTime()) ? null : { submittedAt, id: m[2] };
}
