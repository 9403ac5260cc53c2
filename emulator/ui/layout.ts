/** The page frame shared by all emulator UI pages: title, navigation and a small inline stylesheet. */
import type { HttpResult } from "../core/types";
import { html, Safe, type Fragment } from "./html";

const styles = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:10px 20px;display:flex;gap:20px;align-items:center}
header a{color:#fff;text-decoration:none}header strong{margin-right:12px}
main{padding:20px;max-width:1200px}
h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:24px 0 8px}h3{font-size:14px;margin:16px 0 6px}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:12px}
th,td{border:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2}tr.unread td{font-weight:600}
code{font:12px ui-monospace,monospace;word-break:break-all}
.muted{color:#656d76}.pill{display:inline-block;background:#ddf4ff;border-radius:10px;padding:0 7px;margin:1px}
.layout{display:flex;gap:20px}.side{min-width:240px}.grow{flex:1;min-width:0}
.card{background:#fff;border:1px solid #d0d7de;padding:12px;margin-bottom:12px}
iframe{width:100%;height:420px;border:1px solid #d0d7de;background:#fff}
pre{white-space:pre-wrap;background:#fff;border:1px solid #d0d7de;padding:10px}
`;

export function layout(title: string, body: Fragment): HttpResult {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Tenant emulator</title><style>${new Safe(styles)}</style></head>
<body><header><strong>Tenant emulator</strong><a href="/_emulator">Home</a><a href="/_emulator/ui/mail">Mailbox</a>
<a href="/_emulator/ui/directory">Directory</a><a href="/_emulator/ui/pim">PIM</a></header>
<main>${body}</main></body></html>`;
  return { status: 200, html: page.value, headers: { "Cache-Control": "no-store" } };
}
