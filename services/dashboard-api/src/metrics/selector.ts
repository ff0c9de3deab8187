/**
 * Series selectors of range queries, in PromQL's syntax (`name{label="v", other=~"re.*"}`, or
 * `{label="v"}` alone), read by the one selector parser in `@vigil/prom-syntax`. Pure: the metrics
 * repository turns the matchers into bound SQL parameters.
 */
export { parseSeriesSelector as parseSelector } from '@vigil/prom-syntax';
export type { SeriesSelector as Selector, LabelMatcher } from '@vigil/prom-syntax';
