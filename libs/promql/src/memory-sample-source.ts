import type { Labels } from './ast';
import { matches } from './labels';
import type { LoadedSeries, SampleSource, SelectRequest } from './sample-source';

/** In-memory SampleSource for unit tests and the test-script runner's reference mode. */
export class MemorySampleSource implements SampleSource {
  private readonly series: { labels: Labels; timesMillis: number[]; values: number[]; stale: number[] }[] = [];

  /** Appends samples (times ascending) to the series with these labels. */
  add(labels: Labels, points: readonly { timeMillis: number; value: number; stale?: boolean }[]): void {
    let series = this.series.find((s) => sameLabels(s.labels, labels));
    if (!series) this.series.push((series = { labels, timesMillis: [], values: [], stale: [] }));
    for (const point of points) {
      series.timesMillis.push(point.timeMillis);
      series.values.push(point.value);
      series.stale.push(point.stale ? 1 : 0);
    }
  }

  clear(): void {
    this.series.length = 0;
  }

  async select(request: SelectRequest): Promise<readonly LoadedSeries[]> {
    const out: LoadedSeries[] = [];
    for (const series of this.series) {
      if (!request.matchers.every((matcher) => matches(matcher, series.labels))) continue;
      const keep = series.timesMillis.map((t, i) => (t >= request.startMillis && t <= request.endMillis ? i : -1)).filter((i) => i >= 0);
      if (keep.length === 0) continue;
      out.push({ labels: series.labels, timesMillis: keep.map((i) => series.timesMillis[i]), values: keep.map((i) => series.values[i]), stale: keep.map((i) => series.stale[i]) });
    }
    return out;
  }
}

function sameLabels(a: Labels, b: Labels): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
