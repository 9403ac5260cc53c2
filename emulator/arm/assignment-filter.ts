/**
 * The `$filter` forms role-assignment lists accept (§13.2): none (at, above and below the scope), `atScope()`
 * (at or above), `principalId eq '{id}'` (exactly that principal), `assignedTo('{id}')` (that principal or a
 * group it belongs to), and `atScope()` combined with one of the principal forms.
 */
import { ArmError } from "../core/types";

export interface AssignmentFilter {
  isAtScope: boolean;
  principalId?: string;
  assignedTo?: string;
}

const GUIDISH = "([0-9a-fA-F-]{36})";
const principalEq = new RegExp(`^principalId\\s+eq\\s+'${GUIDISH}'$`, "i");
const assignedTo = new RegExp(`^assignedTo\\('${GUIDISH}'\\)$`, "i");
const atScope = /^atScope\(\)$/i;

function unsupported(filter: string): ArmError {
  return new ArmError(
    400,
    "UnsupportedQuery",
    `The filter '${filter}' is not supported. Supported filters are either 'atScope()', 'principalId eq '{value}'', 'assignedTo('{value}')' or 'atScope() and' one of the latter two.`,
  );
}

export function parseAssignmentFilter(raw: string | null): AssignmentFilter {
  const text = raw?.trim() ?? "";
  if (text === "") return { isAtScope: false };
  const out: AssignmentFilter = { isAtScope: false };
  for (const clause of text.split(/\s+and\s+/i).map((c) => c.trim())) {
    const p = principalEq.exec(clause);
    const a = assignedTo.exec(clause);
    if (atScope.test(clause) && !out.isAtScope) out.isAtScope = true;
    else if (p?.[1] && !out.principalId && !out.assignedTo) out.principalId = p[1].toLowerCase();
    else if (a?.[1] && !out.principalId && !out.assignedTo) out.assignedTo = a[1].toLowerCase();
    else throw unsupported(text);
  }
  return out;
}
