/**
 * Bound query parameters. Values travel beside the SQL and ClickHouse parses them with the type
 * written in the placeholder (`{tenant:String}`), so no value is ever spliced into SQL text.
 */

/** A value ClickHouse can bind: scalars, arrays of them, and string-keyed maps. */
export type QueryParamValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | null
  | readonly QueryParamValue[]
  | { readonly [key: string]: QueryParamValue };

/** Parameters by placeholder name. */
export type QueryParams = Readonly<Record<string, QueryParamValue>>;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):[^{}]+\}/g;

/** Names of the `{name:Type}` placeholders in `sql`, in order of first use. */
export function placeholderNames(sql: string): string[] {
  const names = new Set<string>();
  for (const match of sql.matchAll(PLACEHOLDER)) names.add(match[1]);
  return [...names];
}

/**
 * Problems with binding `params` to `sql`: a placeholder without a value (ClickHouse would fail
 * with a less helpful message) or a value without a placeholder (usually a typo, or a value the
 * author meant to splice in — which is never allowed).
 */
export function bindingProblems(sql: string, params: QueryParams): string[] {
  const used = placeholderNames(sql);
  const problems: string[] = [];
  for (const name of used) if (!(name in params)) problems.push(`placeholder {${name}:…} has no value`);
  for (const name of Object.keys(params)) if (!used.includes(name)) problems.push(`parameter "${name}" is not used by any {${name}:Type} placeholder`);
  return problems;
}
