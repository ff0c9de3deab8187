/**
 * Go RE2 regular expressions evaluated with JavaScript's engine.
 *
 * Alertmanager anchors every matcher regex as `^(?:re)$`. The two dialects agree on the
 * syntax people write in matchers (classes, alternation, repetition, `\d`, `\w`); the few RE2
 * forms JavaScript lacks are translated here, and anything JavaScript rejects is reported as
 * an invalid regex, so a config never loads with a matcher that silently means something else.
 */

/** Leading inline flags RE2 allows, e.g. `(?i)`; JavaScript wants them as RegExp flags. */
const LEADING_FLAGS = /^\(\?([imsU]+)\)/;

export class InvalidRegexError extends Error {
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(`invalid regex ${JSON.stringify(source)}: ${reason}`);
    this.name = 'InvalidRegexError';
  }
}

/** Compiles `source` anchored as Alertmanager does: `^(?:source)$`. */
export function compileAnchored(source: string): RegExp {
  let body = source;
  let flags = '';
  const lead = LEADING_FLAGS.exec(body);
  if (lead) {
    if (lead[1].includes('U')) throw new InvalidRegexError(source, 'the ungreedy flag (?U) is not supported');
    if (lead[1].includes('i')) flags += 'i';
    if (lead[1].includes('s')) flags += 's';
    if (lead[1].includes('m')) flags += 'm';
    body = body.slice(lead[0].length);
  }
  // RE2 named groups `(?P<name>…)` are `(?<name>…)` in JavaScript.
  body = body.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(`^(?:${body})$`, flags);
  } catch (error) {
    throw new InvalidRegexError(source, (error as Error).message);
  }
}
