/**
 * CSRF token purposes (lib/auth/csrf.ts): a token minted for one form is worthless for another, and the
 * per-request ones are bound to the request (or the emailed link) they act on.
 */
export const csrfPurpose = {
  submit: "request.submit",
  cancel: (requestId: string) => `request.cancel:${requestId}`,
  deactivate: (requestId: string) => `request.deactivate:${requestId}`,
  decideByLink: (token: string) => `approval.decide:link:${token}`,
  decideByRequest: (requestId: string) => `approval.decide:request:${requestId}`,
};
