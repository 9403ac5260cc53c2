/**
 * The `$filter` subset the emulator understands, as a tokenizer, a recursive-descent parser and an evaluator.
 *
 * Supported: `prop eq|ne <literal>`, `prop eq null`, `prop in ('a','b')`, `startswith(prop,'x')`, `and`, `or`,
 * `not`, parentheses, property paths (`createdBy/user/id`). Literals: quoted strings (`''` escapes a quote),
 * unquoted GUIDs and ISO date-times (treated as strings), numbers, `true`/`false`/`null`.
 * Anything else (lambdas, `gt`, functions other than startswith, arithmetic) is rejected: real Graph rejects
 * most of those on the endpoints we emulate, and silently accepting them would hide client bugs.
 *
 * String comparisons ignore case: directory ids/UPNs and PIM enums compare case-insensitively in Graph.
 */

export type Literal = string | number | boolean | null;

export type FilterExpr =
  | { kind: "compare"; op: "eq" | "ne"; path: string; value: Literal }
  | { kind: "in"; path: string; values: Literal[] }
  | { kind: "startswith"; path: string; value: string }
  | { kind: "and" | "or"; left: FilterExpr; right: FilterExpr }
  | { kind: "not"; operand: FilterExpr };

/** Thrown by the query-option parsers; `odata.ts` turns it into a GraphError with the caller's error code. */
export class QuerySyntaxError extends Error {}

type Token =
  | { t: "ident"; v: string }
  | { t: "literal"; v: Literal }
  | { t: "("; v: "(" }
  | { t: ")"; v: ")" }
  | { t: ","; v: "," };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/;
const NUMBER = /^-?\d+(\.\d+)?(?![\w-])/;
const IDENT = /^[A-Za-z_@][\w.@]*(\/[A-Za-z_][\w.]*)*/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ t: ch, v: ch } as Token);
      i++;
      continue;
    }
    if (ch === "'") {
      let value = "";
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new QuerySyntaxError("unterminated string literal");
        const c = text.charAt(j);
        if (c === "'") {
          if (text.charAt(j + 1) === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += c;
        j++;
      }
      tokens.push({ t: "literal", v: value });
      i = j + 1;
      continue;
    }
    const rest = text.slice(i);
    const match = GUID.exec(rest) ?? DATETIME.exec(rest);
    if (match) {
      tokens.push({ t: "literal", v: match[0] });
      i += match[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ t: "literal", v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      const word = ident[0];
      if (word === "true" || word === "false") tokens.push({ t: "literal", v: word === "true" });
      else if (word === "null") tokens.push({ t: "literal", v: null });
      else tokens.push({ t: "ident", v: word });
      i += word.length;
      continue;
    }
    throw new QuerySyntaxError(`unexpected character '${ch}' at position ${i}`);
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterExpr {
    if (this.tokens.length === 0) throw new QuerySyntaxError("empty expression");
    const expr = this.or();
    if (this.pos < this.tokens.length) throw new QuerySyntaxError(`unexpected '${String(this.peek()?.v)}'`);
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw new QuerySyntaxError("unexpected end of expression");
    return token;
  }

  private expect(t: Token["t"]): Token {
    const token = this.next();
    if (token.t !== t) throw new QuerySyntaxError(`expected '${t}' but found '${String(token.v)}'`);
    return token;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.t === "ident" && token.v.toLowerCase() === word;
  }

  private or(): FilterExpr {
    let left = this.and();
    while (this.isKeyword("or")) {
      this.pos++;
      left = { kind: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): FilterExpr {
    let left = this.unary();
    while (this.isKeyword("and")) {
      this.pos++;
      left = { kind: "and", left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterExpr {
    if (this.isKeyword("not")) {
      this.pos++;
      return { kind: "not", operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): FilterExpr {
    const token = this.next();
    if (token.t === "(") {
      const inner = this.or();
      this.expect(")");
      return inner;
    }
    if (token.t !== "ident") throw new QuerySyntaxError(`expected a property but found '${String(token.v)}'`);
    if (token.v.toLowerCase() === "startswith" && this.peek()?.t === "(") {
      this.pos++;
      const path = this.property();
      this.expect(",");
      const value = this.literal();
      this.expect(")");
      if (typeof value !== "string") throw new QuerySyntaxError("startswith needs a string literal");
      return { kind: "startswith", path, value };
    }
    if (this.peek()?.t === "(") throw new QuerySyntaxError(`unsupported function '${token.v}'`);
    const op = this.next();
    const opName = op.t === "ident" ? op.v.toLowerCase() : "";
    if (opName === "eq" || opName === "ne") return { kind: "compare", op: opName, path: token.v, value: this.literal() };
    if (opName === "in") {
      this.expect("(");
      const values = [this.literal()];
      while (this.peek()?.t === ",") {
        this.pos++;
        values.push(this.literal());
      }
      this.expect(")");
      return { kind: "in", path: token.v, values };
    }
    throw new QuerySyntaxError(`unsupported operator '${String(op.v)}'`);
  }

  private property(): string {
    const token = this.next();
    if (token.t !== "ident") throw new QuerySyntaxError(`expected a property but found '${String(token.v)}'`);
    return token.v;
  }

  private literal(): Literal {
    const token = this.next();
    if (token.t !== "literal") throw new QuerySyntaxError(`expected a literal but found '${String(token.v)}'`);
    return token.v;
  }
}

/** Parses a `$filter` expression; throws QuerySyntaxError when it is outside the supported subset. */
export function parseFilter(text: string): FilterExpr {
  return new Parser(tokenize(text)).parse();
}

/** Every property path the expression mentions (for validating against a list of filterable properties). */
export function filterPaths(expr: FilterExpr): string[] {
  switch (expr.kind) {
    case "and":
    case "or":
      return [...filterPaths(expr.left), ...filterPaths(expr.right)];
    case "not":
      return filterPaths(expr.operand);
    default:
      return [expr.path];
  }
}

/**
 * The `prop eq 'value'` constraints that must all hold (the top-level `and` chain), keyed by the property path
 * in lower case. PIM list endpoints use this to require e.g. a `groupId` or `principalId` filter.
 */
export function requiredEqualities(expr: FilterExpr | undefined): Map<string, Literal> {
  const out = new Map<string, Literal>();
  const walk = (e: FilterExpr): void => {
    if (e.kind === "and") {
      walk(e.left);
      walk(e.right);
    } else if (e.kind === "compare" && e.op === "eq") {
      out.set(e.path.toLowerCase(), e.value);
    }
  };
  if (expr) walk(expr);
  return out;
}

/** True when the expression needs Graph's "advanced query" mode (ConsistencyLevel: eventual) on directory objects. */
export function isAdvancedFilter(expr: FilterExpr): boolean {
  switch (expr.kind) {
    case "and":
    case "or":
      return isAdvancedFilter(expr.left) || isAdvancedFilter(expr.right);
    case "not":
      return true;
    case "compare":
      return expr.op === "ne" || expr.value === null;
    default:
      return false;
  }
}

/** Reads a `/`-separated property path, matching each segment's name case-insensitively. */
export function readPath(item: unknown, path: string): unknown {
  let current: unknown = item;
  for (const segment of path.split("/")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    const record = current as Record<string, unknown>;
    if (segment in record) {
      current = record[segment];
      continue;
    }
    const lower = segment.toLowerCase();
    const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
    current = key === undefined ? undefined : record[key];
  }
  return current;
}

function equals(actual: unknown, expected: Literal): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === "string" && typeof actual === "string") return actual.toLowerCase() === expected.toLowerCase();
  return actual === expected;
}

/** Evaluates the expression against one item. */
export function matchesFilter(item: unknown, expr: FilterExpr): boolean {
  switch (expr.kind) {
    case "and":
      return matchesFilter(item, expr.left) && matchesFilter(item, expr.right);
    case "or":
      return matchesFilter(item, expr.left) || matchesFilter(item, expr.right);
    case "not":
      return !matchesFilter(item, expr.operand);
    case "compare": {
      const isEqual = equals(readPath(item, expr.path), expr.value);
      return expr.op === "eq" ? isEqual : !isEqual;
    }
    case "in": {
      const actual = readPath(item, expr.path);
      return expr.values.some((v) => equals(actual, v));
    }
    case "startswith": {
      const actual = readPath(item, expr.path);
      return typeof actual === "string" && actual.toLowerCase().startsWith(expr.value.toLowerCase());
    }
  }
}
