/** ARM-style `nextLink` paging: an absolute URL carrying every original query option plus `$skiptoken`. */
import { ArmError, type Ctx } from "../core/types";

function tokenParam(ctx: Ctx): string | undefined {
  return [...ctx.query.entries()].find(([k]) => k.toLowerCase() === "$skiptoken")?.[1];
}

export function pageOf<T>(ctx: Ctx, items: readonly T[], pageSize: number): { value: T[]; nextLink?: string } {
  const token = tokenParam(ctx);
  const offset = token === undefined ? 0 : Number(Buffer.from(token, "base64url").toString("utf8"));
  if (!Number.isSafeInteger(offset) || offset < 0) throw new ArmError(400, "InvalidSkipToken", "The skip token is invalid.");
  const value = items.slice(offset, offset + pageSize);
  const next = offset + value.length;
  if (next >= items.length) return { value };
  const params = new URLSearchParams([...ctx.query.entries()].filter(([k]) => k.toLowerCase() !== "$skiptoken"));
  params.set("$skiptoken", Buffer.from(String(next)).toString("base64url"));
  return { value, nextLink: `${ctx.baseUrl}${ctx.path}?${params.toString().replace(/%24/g, "$")}` };
}
