/** Metric series → signals: one per (service, metric, statistic). */
import { badDirectionOf, looksLikeCount, type Signal } from './signal-change';
import type { MetricSeries, TimedValue } from './types';

const COUNTER_NAME = /(_total|_count|_sum|_seconds_total|_bytes_total)$/i;

/** `latency` + `p50` → `latency:p50`; a metric without a statistic keeps its name. */
export function indicatorOf(metric: string, statistic?: string): string {
  return statistic ? `${metric}:${statistic}` : metric;
}

export function signalsFromMetrics(series: readonly MetricSeries[]): Signal[] {
  return series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const indicator = indicatorOf(s.metric, s.statistic);
      let points = s.points
        .filter((p) => Number.isFinite(p.value))
        .sort((a, b) => a.timeMillis - b.timeMillis);
      let normalPoints = (s.normal ?? [])
        .filter((p) => Number.isFinite(p.value))
        .sort((a, b) => a.timeMillis - b.timeMillis);
      // A cumulative counter always "rises"; what changes in an incident is its rate.
      if (isCumulativeCounter(s.metric, points, normalPoints)) {
        points = toRate(points);
        normalPoints = toRate(normalPoints);
      }
      const normal = normalPoints.map((p) => p.value);
      return {
        service: s.service,
        indicator,
        source: 'metric' as const,
        direction: badDirectionOf(s.metric),
        isCount: looksLikeCount(s.metric) || /^(sum|count)$/i.test(s.statistic ?? ''),
        points,
        normal,
      };
    });
}

/** Typical spacing of the metric points (ms); null when it cannot be told. */
export function typicalStepMillis(series: readonly MetricSeries[]): number | null {
  const gaps: number[] = [];
  for (const s of series) {
    const times = s.points.map((p) => p.timeMillis).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) if (times[i] > times[i - 1]) gaps.push(times[i] - times[i - 1]);
    if (gaps.length > 1000) break;
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1];
}

/** Named like a Prometheus counter and (almost) never decreasing: a cumulative counter. */
function isCumulativeCounter(
  metric: string,
  points: readonly TimedValue[],
  normal: readonly TimedValue[],
): boolean {
  if (!COUNTER_NAME.test(metric)) return false;
  let steps = 0;
  let decreases = 0;
  for (const series of [normal, points]) {
    for (let i = 1; i < series.length; i++) {
      steps += 1;
      if (series[i].value < series[i - 1].value) decreases += 1;
    }
  }
  return steps >= 3 && decreases <= 0.1 * steps;
}

/** Per-second rate between consecutive points; counter resets (drops) are skipped. */
function toRate(points: readonly TimedValue[]): TimedValue[] {
  const rates: TimedValue[] = [];
  for (let i = 1; i < points.length; i++) {
    const seconds = (points[i].timeMillis - points[i - 1].timeMillis) / 1000;
    const delta = points[i].value - points[i - 1].value;
    if (seconds > 0 && delta >= 0) rates.push({ timeMillis: points[i].timeMillis, value: delta / seconds });
  }
  return rates;
}
