/** The few HTML pages of the emulated sign-in service. Self-contained, no external assets. */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const style = `
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f2f2f2; margin: 0; color: #1b1b1b; }
  main { max-width: 440px; margin: 48px auto; background: #fff; padding: 32px 40px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  h1 { font-size: 24px; font-weight: 600; margin: 0 0 8px; }
  .banner { font-size: 12px; color: #605e5c; margin-bottom: 16px; }
  .users { display: flex; flex-direction: column; gap: 8px; margin-top: 16px; }
  button.user { display: block; width: 100%; text-align: left; padding: 10px 12px; border: 1px solid #c8c6c4; background: #fff; cursor: pointer; font: inherit; }
  button.user:hover, button.user:focus { background: #f3f2f1; outline: 2px solid #0067b8; }
  button.user.preselected { border: 2px solid #0067b8; }
  .name { font-weight: 600; display: block; }
  .upn { color: #605e5c; font-size: 14px; display: block; }
  .hints { font-size: 12px; color: #0067b8; display: block; margin-top: 2px; }
  .error { color: #a80000; }
  code { background: #f3f2f1; padding: 1px 4px; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
}

export interface SignInUser {
  upn: string;
  displayName: string;
  jobTitle: string | null;
  hints: string[];
  preselected: boolean;
  enabled: boolean;
}

export function signInPage(input: { tenantName: string; appName: string; action: string; hidden: [string, string][]; users: SignInUser[]; error?: string }): string {
  const hidden = input.hidden.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
  const users = input.users
    .map((u) => {
      const details = [u.jobTitle, ...u.hints].filter(Boolean).join(" · ");
      return `<button type="submit" class="user${u.preselected ? " preselected" : ""}" name="login_upn" value="${escapeHtml(u.upn)}" data-upn="${escapeHtml(u.upn)}"${u.preselected ? " autofocus" : ""}${u.enabled ? "" : " disabled"}>
        <span class="name">${escapeHtml(u.displayName)}</span><span class="upn">${escapeHtml(u.upn)}</span>${details ? `<span class="hints">${escapeHtml(details)}</span>` : ""}</button>`;
    })
    .join("\n");
  return layout(
    "Sign in to your account",
    `<div class="banner">Emulated Microsoft Entra ID · ${escapeHtml(input.tenantName)} · no password needed</div>
     <h1>Pick an account</h1>
     <p>to continue to <strong>${escapeHtml(input.appName)}</strong></p>
     ${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ""}
     <form method="post" action="${escapeHtml(input.action)}">${hidden}<div class="users">${users}</div></form>`,
  );
}

export function errorPage(input: { aadsts: number; error: string; message: string; requestId: string; correlationId: string; timestamp: string }): string {
  return layout(
    "Sign in - error",
    `<div class="banner">Emulated Microsoft Entra ID</div>
     <h1>Sorry, but we’re having trouble signing you in.</h1>
     <p class="error" id="error-message">AADSTS${input.aadsts}: ${escapeHtml(input.message)}</p>
     <p>Error: <code>${escapeHtml(input.error)}</code></p>
     <p class="banner">Request Id: ${escapeHtml(input.requestId)}<br>Correlation Id: ${escapeHtml(input.correlationId)}<br>Timestamp: ${escapeHtml(input.timestamp)}</p>`,
  );
}

/** `response_mode=form_post`: the browser POSTs the result to the redirect URI. */
export function formPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  return layout(
    "Working...",
    `<form method="post" action="${escapeHtml(action)}" id="form_post">${inputs}<noscript><button type="submit">Continue</button></noscript></form>
     <script>document.getElementById("form_post").submit();</script>`,
  );
}

export function signedOutPage(): string {
  return layout("Signed out", `<div class="banner">Emulated Microsoft Entra ID</div><h1>You signed out of your account</h1><p>It’s a good idea to close all browser windows.</p>`);
}
