/**
 * Metric selectors: how an SLI names the Vigil series it counts. The syntax is PromQL's
 * instant-vector selector (see `@vigil/prom-syntax`), so a selector can be pasted into Grafana
 * or a Prometheus rule unchanged; an SLI's selector must name exactly one metric.
 */
import { SelectorSyntaxError, parseSeriesSelector } from '@vigil/prom-syntax';
import type { LabelMatcher, SeriesSelector } from '@vigil/prom-syntax';

export interface MetricSelector extends SeriesSelector {
  /** The metric name every matching series has. */
  readonly metric: string;
}

/** Parses a selector that names a metric; throws SelectorSyntaxError (with a 1-based column). */
export function parseSelector(text: string): MetricSelector {
  const selector = parseSeriesSelector(text);
  if (selector.metric === undefined) throw new SelectorSyntaxError(`a selector must name a metric: ${JSON.stringify(text)}`, 1);
  return { metric: selector.metric, matchers: selector.matchers };
}

/** The selector with extra matchers appended (e.g. `le="0.3"` on a histogram's `_bucket`). */
export function withMetric(selector: MetricSelector, metric: string, extra: readonly LabelMatcher[] = []): MetricSelector {
  return { metric, matchers: [...selector.matchers, ...extra] };
}
