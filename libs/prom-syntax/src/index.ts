/**
 * libs/prom-syntax: the small pieces of Prometheus's text syntax several parts of Vigil read —
 * series selectors and anchored RE2-style regexes. What belongs here: pure parsing, matching and
 * printing of those forms. What does not: the PromQL language as a whole (`@vigil/promql`), SQL
 * (the store turns matchers into parameters), any I/O.
 */
export { parseSeriesSelector, formatSelector, SeriesMatcher, SelectorSyntaxError } from './selector';
export type { SeriesSelector, LabelMatcher, MatchOperator, SeriesLabels } from './selector';
export { compileAnchored, InvalidRegexError } from './regex';
export type { AnchoredRegexOptions } from './regex';
