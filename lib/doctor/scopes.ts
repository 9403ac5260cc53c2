/** ARM scopes compared the way ARM does: case-insensitively, on whole path segments. */
const norm = (scope: string) => `/${scope}`.replace(/\/{2,}/g, "/").replace(/\/$/, "").toLowerCase() || "/";

/** True when `ancestor` is `scope` itself or one of its parents (where an assignment on `ancestor` reaches `scope`). */
export function isAtOrAbove(ancestor: string, scope: string): boolean {
  const a = norm(ancestor);
  const s = norm(scope);
  return a === "/" || a === s || s.startsWith(`${a}/`);
}

export function isSameScope(a: string, b: string): boolean {
  return norm(a) === norm(b);
}
