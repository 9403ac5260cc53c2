import { notFound } from "next/navigation";
import { cache } from "react";
import { isMemberOf } from "@/lib/entra/directory";
import { loadEnv } from "@/lib/env";
import { appDeps } from "@/lib/requests/deps";
import { requireUser, type CurrentUser } from "./require-user";

/**
 * Whether the user is a member of the auditor group, read live from the directory (app-only checkMemberGroups)
 * rather than from a sign-in-time token claim: removing someone from the group takes effect at their next request.
 * Cached per request.
 */
export const isAuditor = cache(async (userId: string): Promise<boolean> => {
  const groupId = loadEnv().AUDITOR_GROUP_ID;
  const found = await isMemberOf(appDeps().graph.app(), userId, [groupId]);
  return found.has(groupId);
});

/**
 * The signed-in auditor. Anyone else gets the not-found page: auditor pages must not even confirm they exist
 * to people who may not read them.
 */
export async function requireAuditor(returnToPath: string): Promise<CurrentUser> {
  const user = await requireUser(returnToPath);
  if (!(await isAuditor(user.id))) notFound();
  return user;
}
