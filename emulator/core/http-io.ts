/** Reading request bodies (bounded) and writing HttpResults to the socket. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpResult, Service } from "./types";
import { jsonContentType } from "./wire";

export const maxBodyBytes = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    req.resume();
    throw new BodyTooLargeError();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new BodyTooLargeError();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function writeResult(res: ServerResponse, service: Service, result: HttpResult, baseHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { ...baseHeaders, ...(result.headers ?? {}) };
  const setDefault = (name: string, value: string) => {
    if (!Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase())) headers[name] = value;
  };
  let body: string | undefined;
  if (result.redirect !== undefined) {
    headers.Location = result.redirect;
  } else if (result.json !== undefined) {
    body = JSON.stringify(result.json);
    setDefault("Content-Type", jsonContentType(service));
  } else if (result.html !== undefined) {
    body = result.html;
    setDefault("Content-Type", "text/html; charset=utf-8");
    // Our pages are self-contained; nothing may frame them or load foreign scripts.
    setDefault(
      "Content-Security-Policy",
      "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    );
  } else if (result.text !== undefined) {
    body = result.text;
    setDefault("Content-Type", "text/plain; charset=utf-8");
  }
  const status = result.redirect !== undefined && result.status < 300 ? 302 : result.status;
  if (status === 204 || status === 304) body = undefined;
  if (body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(body));
  else if (status !== 204 && status !== 304) headers["Content-Length"] = "0";
  res.writeHead(status, headers);
  res.end(body);
}
