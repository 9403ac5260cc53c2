/**
 * OData type-cast segments on directoryObject collections (`…/transitiveMembers/microsoft.graph.user`).
 * A cast narrows the items and changes `@odata.context` to the derived type's entity set.
 */
import { GraphError } from "../core/types";
import { directoryObjectProperties, directoryRoleProperties, groupProperties, servicePrincipalProperties, userProperties } from "./render";

export interface CastTarget {
  /** e.g. "microsoft.graph.user" */
  type: string;
  entitySet: string;
  selectable: readonly string[];
}

const casts: CastTarget[] = [
  { type: "microsoft.graph.user", entitySet: "users", selectable: userProperties },
  { type: "microsoft.graph.group", entitySet: "groups", selectable: groupProperties },
  { type: "microsoft.graph.servicePrincipal", entitySet: "servicePrincipals", selectable: servicePrincipalProperties },
  { type: "microsoft.graph.directoryRole", entitySet: "directoryRoles", selectable: directoryRoleProperties },
  // Valid directory object types the emulator never stores: the cast works and yields an empty list.
  { type: "microsoft.graph.device", entitySet: "devices", selectable: ["id", "displayName"] },
  { type: "microsoft.graph.orgContact", entitySet: "contacts", selectable: ["id", "displayName", "mail"] },
];

/** No cast: the plain directoryObject collection. */
export const noCast: CastTarget = { type: "microsoft.graph.directoryObject", entitySet: "directoryObjects", selectable: directoryObjectProperties };

/** Resolves a cast segment (case-insensitive); anything else is a 400 `Request_UnsupportedQuery`. */
export function parseCast(segment: string | undefined): CastTarget {
  if (segment === undefined) return noCast;
  const target = casts.find((c) => c.type.toLowerCase() === segment.toLowerCase());
  if (!target) throw new GraphError(400, "Request_UnsupportedQuery", `Unsupported type cast segment '${segment}'.`);
  return target;
}

export function matchesCast(json: Record<string, unknown>, cast: CastTarget): boolean {
  return cast === noCast || json["@odata.type"] === `#${cast.type}`;
}
