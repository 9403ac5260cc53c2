import type { JobHandlers } from "../types";
import { mailSend } from "./mail-send";
import { pimSyncRequest } from "./pim-sync-request";
import { requestDeactivate } from "./request-deactivate";
import { requestExpiryWarning } from "./request-expiry-warning";
import { sessionsRevoke } from "./sessions-revoke";

export const jobHandlers: JobHandlers = {
  "mail.send": mailSend,
  "pim.sync-request": pimSyncRequest,
  "request.expiry-warning": requestExpiryWarning,
  "request.deactivate": requestDeactivate,
  "sessions.revoke": sessionsRevoke,
};
