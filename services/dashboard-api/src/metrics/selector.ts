/**
 * Series selectors in PromQL's syntax: `name{label="v", other=~"re.*", x!="y", y!~"z"}`, or just
 * `{label="v"}` with the name given apart. Pure: turned into SQL by the metrics repository.
 */
export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
}

export interface Selector {
  readonly metric?: string;
  readonly matchers: readonly LabelMatcher[];
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.]*/;
const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/;

/** Parses a selector; throws an Error whose message says where and what was expected. */
export function parseSelector(text: string): Selector {
  let rest = text.trim();
  const name = NAME.exec(rest);
  const metric = name ? name[0] : undefined;
  if (name) rest = rest.slice(name[0].length).trim();
  if (rest === '') {
    if (!metric) throw new Error('empty selector: give a metric name, label matchers in braces, or both');
    return { metric, matchers: [] };
  }
  if (!rest.startsWith('{') || !rest.endsWith('}')) throw new Error(`expected {label="value", …} after "${metric ?? ''}", got "${rest}"`);
  let body = rest.slice(1, -1).trim();
  const matchers: LabelMatcher[] = [];
  while (body !== '') {
    const match = MATCHER.exec(body);
    if (!match) throw new Error(`cannot read matcher at "${body}": write label="value", label!="value", label=~"regex" or label!~"regex"`);
    const value = match[3].replace(/\\(.)/g, '$1');
    if (match[2] === '=~' || match[2] === '!~') {
      try {
        new RegExp(value);
      } catch {
        throw new Error(`invalid regular expression "${value}" for label ${match[1]}`);
      }
    }
    matchers.push({ label: match[1], op: match[2] as MatchOp, value });
    body = body.slice(match[0].length).trim();
  }
  return { metric, matchers };
}
