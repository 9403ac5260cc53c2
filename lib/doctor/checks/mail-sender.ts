import { grantGraphPermissions } from "../fixes";
import { isGranted, REQUIRED_GRAPH_APP_PERMISSIONS } from "../graph-permissions";
import { fail, pass, type AppCheck } from "../types";

const mailSend = REQUIRED_GRAPH_APP_PERMISSIONS.find((p) => p.name === "Mail.Send");

/**
 * The service mailbox exists and has a mail address, and the app may send as it. No mail is sent: a setup check
 * must not spam anyone, and Graph offers no dry run for sendMail.
 */
export const mailSender: AppCheck = {
  id: "mail-sender",
  title: "Service mailbox (MAIL_SENDER)",
  scope: "app",
  async run(ctx) {
    const noSend = "No test message was sent (the check never sends mail).";
    const user = await ctx.data.mailSender();
    if (!user) {
      return fail(
        `MAIL_SENDER is "${ctx.mailSender}", but Microsoft Graph has no user with that name or id, so approval emails cannot be sent. ${noSend}`,
        `Create the mailbox (e.g. an Exchange Online shared mailbox named ${ctx.mailSender}), or set MAIL_SENDER to the UPN of an existing mailbox. Then limit the app to that mailbox with an Exchange application access policy:\nNew-ApplicationAccessPolicy -AppId ${ctx.clientId} -PolicyScopeGroupId <mail-enabled security group containing ${ctx.mailSender}> -AccessRight RestrictAccess`,
      );
    }
    if (!user.mail) {
      return fail(
        `${user.userPrincipalName ?? user.id} exists but has no mail address: it has no Exchange mailbox to send from. ${noSend}`,
        `Give ${user.userPrincipalName ?? user.id} an Exchange Online mailbox (a shared mailbox needs no licence), or set MAIL_SENDER to a user that has one.`,
      );
    }
    const { roles } = await ctx.data.appRoles();
    if (mailSend && !isGranted(mailSend, roles)) {
      return fail(`${user.mail} exists, but the app lacks the Mail.Send application permission, so it cannot send as it. ${noSend}`, grantGraphPermissions(ctx.clientId, [mailSend]));
    }
    return pass(`${user.displayName ?? user.userPrincipalName ?? user.id} <${user.mail}> exists and the app holds Mail.Send. ${noSend}`);
  },
};
