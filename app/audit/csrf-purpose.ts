/** The CSRF purpose of the verify form (a "use server" module may only export async functions). */
export const VERIFY_CSRF_PURPOSE = "audit:verify";
