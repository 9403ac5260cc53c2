/**
 * `POST /v1.0/users/{id|upn}/sendMail` and `POST /v1.0/me/sendMail` (§7.5): 202 with an empty body, the
 * message lands in the emulator mailbox. Application Mail.Send may send as any mailbox; delegated Mail.Send
 * only as the signed-in user (we do not model Send As grants).
 */
import { hasPermission } from "../core/permissions";
import { GraphError, type Ctx, type HttpResult, type Router } from "../core/types";
import { parseSendMail } from "./parse-send-mail";

function accessDenied(): GraphError {
  return new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
}

function sendMail(isMe: boolean) {
  return async (ctx: Ctx): Promise<HttpResult> => {
    const caller = ctx.caller();
    if (isMe && caller.kind !== "user") throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
    if (!hasPermission(caller, { delegated: ["Mail.Send"], application: ["Mail.Send"] })) throw accessDenied();

    const key = isMe ? caller.objectId : (ctx.params.id ?? "");
    const sender = ctx.services.directory.getUser(key);
    if (!sender) throw new GraphError(404, "ErrorInvalidUser", `The requested user '${key}' is invalid.`);
    if (caller.kind === "user" && sender.id.toLowerCase() !== caller.objectId.toLowerCase()) throw accessDenied();
    if (!sender.mail) throw new GraphError(400, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");

    const parsed = parseSendMail(await ctx.json());
    ctx.services.deliverMail({
      from: { address: sender.mail, name: sender.displayName },
      to: parsed.to,
      cc: parsed.cc,
      bcc: parsed.bcc,
      subject: parsed.subject,
      body: parsed.body,
      headers: parsed.headers,
    });
    return { status: 202 };
  };
}

export function registerSendMail(router: Router): void {
  router.add("graph", "POST", "/v1.0/me/sendMail", sendMail(true));
  router.add("graph", "POST", "/v1.0/users/:id/sendMail", sendMail(false));
}
