/**
 * Directory reads and writes the app needs (entra-graph-api.md §7), all app-only.
 */
import { z } from "zod";
import { getAllPages, type GraphClient } from "./graph";

const memberSchema = z.looseObject({
  id: z.string(),
  displayName: z.string().nullish().transform((v) => v ?? null),
  mail: z.string().nullish().transform((v) => v ?? null),
  userPrincipalName: z.string().nullish().transform((v) => v ?? null),
});
export type DirectoryUser = z.infer<typeof memberSchema>;

const ownerSchema = memberSchema.extend({ "@odata.type": z.string().optional() });
export type DirectoryOwner = z.infer<typeof ownerSchema>;

const page = <T extends z.ZodType>(item: T) => z.looseObject({ value: z.array(item), "@odata.nextLink": z.string().optional() });

/** Users who are direct or nested members of the group (owners are not members), all pages. */
export async function listTransitiveUserMembers(client: GraphClient, groupId: string): Promise<DirectoryUser[]> {
  const res: unknown = await client
    .api(`/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user`)
    .select(["id", "displayName", "mail", "userPrincipalName"])
    .top(999)
    .get();
  return (await getAllPages(client, page(memberSchema).parse(res))).map((m) => memberSchema.parse(m));
}

/** Owners of the group (users and service principals; `@odata.type` tells them apart). */
export async function listOwners(client: GraphClient, groupId: string): Promise<DirectoryOwner[]> {
  const res: unknown = await client
    .api(`/groups/${encodeURIComponent(groupId)}/owners`)
    .select(["id", "displayName", "mail", "userPrincipalName"])
    .get();
  return (await getAllPages(client, page(ownerSchema).parse(res))).map((o) => ownerSchema.parse(o));
}

/** checkMemberGroups accepts at most 20 group ids per call (§7.4). */
const CHECK_MEMBER_GROUPS_MAX = 20;

/**
 * Which of `groupIds` the user is a transitive member of, read live from the directory (not from a token's
 * `groups` claim, which is stale for up to 90 minutes and subject to overage).
 */
export async function isMemberOf(client: GraphClient, userId: string, groupIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Set(groupIds)];
  for (let i = 0; i < unique.length; i += CHECK_MEMBER_GROUPS_MAX) {
    const chunk = unique.slice(i, i + CHECK_MEMBER_GROUPS_MAX);
    const res: unknown = await client.api(`/users/${encodeURIComponent(userId)}/checkMemberGroups`).post({ groupIds: chunk });
    for (const id of z.object({ value: z.array(z.string()) }).parse(res).value) {
      // Compare case-insensitively, report in the caller's spelling.
      const match = chunk.find((g) => g.toLowerCase() === id.toLowerCase());
      if (match) found.add(match);
    }
  }
  return found;
}

/**
 * Invalidates the user's refresh tokens and browser sessions. Access tokens already issued (kubectl's included)
 * stay valid until they expire (§7.6, §14). The docs say 200 with `{ value: true }`; 204 also happens.
 */
export async function revokeSignInSessions(client: GraphClient, userId: string): Promise<void> {
  await client.api(`/users/${encodeURIComponent(userId)}/revokeSignInSessions`).post({});
}
