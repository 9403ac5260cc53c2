/**
 * `$expand` of the navigation properties PIM resources document (§3.5): `group`, `principal`, `targetSchedule`,
 * `activatedUsing`. Nested `$select` applies to the expanded object.
 */
import type { DirectoryService } from "../core/types";
import { selectProperties, type ExpandItem } from "../core/odata";
import { groupJson, userJson } from "../directory/render";

export function groupObject(directory: DirectoryService, groupId: string, item: ExpandItem): Record<string, unknown> | null {
  const group = directory.getGroup(groupId);
  return group ? selectProperties(groupJson(group), item.select) : null;
}

export function principalObject(directory: DirectoryService, principalId: string, item: ExpandItem): Record<string, unknown> | null {
  const user = directory.getUser(principalId);
  if (user) return selectProperties(userJson(user, "basic"), item.select);
  return groupObject(directory, principalId, item);
}

export function selected(value: Record<string, unknown> | undefined, item: ExpandItem): Record<string, unknown> | null {
  return value ? selectProperties(value, item.select) : null;
}
