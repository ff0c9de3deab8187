/**
 * Go RE2 regular expressions, as label matchers write them, evaluated with JavaScript's engine.
 *
 * Both Prometheus and Alertmanager anchor a matcher regex at both ends; Prometheus also lets `.`
 * match a newline (`^(?s:re)$`), Alertmanager does not (`^(?:re)$`), hence `dotAll`. The two
 * dialects agree on what people write in matchers (classes, alternation, repetition, `\d`, `\w`);
 * the few RE2 forms JavaScript lacks are translated here, and anything JavaScript rejects is an
 * InvalidRegexError, so a config never loads with a matcher that silently means something else.
 */

/** Leading inline flags RE2 allows, e.g. `(?i)`; JavaScript wants them as RegExp flags. */
const LEADING_FLAGS = /^\(\?([imsU]+)\)/;

export class InvalidRegexError extends Error {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`invalid regex ${JSON.stringify(source)}: ${reason}`);
    this.name = 'InvalidRegexError';
  }
}

export interface AnchoredRegexOptions {
  /** Whether `.` matches a newline too: true for Prometheus, false for Alertmanager. */
  readonly dotAll: boolean;
}

/** Compiles `source` anchored at both ends; throws InvalidRegexError naming the pattern. */
export function compileAnchored(source: string, options: AnchoredRegexOptions): RegExp {
  let body = source;
  const flags = new Set<string>(options.dotAll ? ['s'] : []);
  const lead = LEADING_FLAGS.exec(body);
  if (lead) {
    if (lead[1].includes('U')) throw new InvalidRegexError(source, 'the ungreedy flag (?U) is not supported');
    for (const flag of lead[1]) flags.add(flag);
    body = body.slice(lead[0].length);
  }
  // RE2 named groups `(?P<name>…)` are `(?<name>…)` in JavaScript.
  body = body.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(`^(?:${body})$`, [...flags].sort().join(''));
  } catch (error) {
    throw new InvalidRegexError(source, (error as Error).message);
  }
}
