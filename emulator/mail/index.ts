/**
 * The mailbox as an emulator module. The core's `services.deliverMail` stores messages with `appendMail`
 * (on `services.slice<MailState>("mail")`); `GET /_emulator/mail` (core hooks) and the UI read the slice.
 */
import type { EmulatorModule } from "../core/types";
import { registerSendMail } from "./send-mail-route";
import { emptyMailState, type MailState } from "./state";

export { appendMail, recipientsOf, type MailState } from "./state";

export const mailModule: EmulatorModule<MailState> = {
  name: "mail",
  seed: () => emptyMailState(),
  register(router) {
    registerSendMail(router);
  },
};
