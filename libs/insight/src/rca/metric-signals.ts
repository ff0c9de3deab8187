/** Metric series → signals: one per (service, metric, statistic). */
import { badDirectionOf, looksLikeCount, type Signal } from './signal-change';
import type { MetricSeries } from './types';

/** `latency` + `p50` → `latency:p50`; a metric without a statistic keeps its name. */
export function indicatorOf(metric: string, statistic?: string): string {
  return statistic ? `${metric}:${statistic}` : metric;
}

export function signalsFromMetrics(series: readonly MetricSeries[]): Signal[] {
  return series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const indicator = indicatorOf(s.metric, s.statistic);
      const points = s.points.filter((p) => Number.isFinite(p.value)).sort((a, b) => a.timeMillis - b.timeMillis);
      const normal = (s.normal ?? []).filter((p) => Number.isFinite(p.value)).map((p) => p.value);
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
