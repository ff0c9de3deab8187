/**
 * Prometheus's OTLP name translation (UnderscoreEscapingWithSuffixes, as in
 * prometheus/otlptranslator): how an OpenTelemetry metric stored by Vigil is named in PromQL.
 * - invalid characters (dots, dashes, …) become `_`, runs of `_` collapse;
 * - the unit becomes a suffix (`s` → `_seconds`, `By` → `_bytes`, `1` on a gauge → `_ratio`,
 *   `foo/s` → `_foo_per_second`, `{requests}` annotations are dropped);
 * - monotonic sums get `_total`; histograms are exposed as `_bucket{le}`, `_sum` and `_count`.
 * Series remote-written from Prometheus carry no unit and a valid name, so they keep their names
 * (a unitless valid name already ending in _total/_count/_sum/_bucket is never re-suffixed).
 */

const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days', h: 'hours', min: 'minutes', s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds',
  By: 'bytes', KiBy: 'kibibytes', MiBy: 'mebibytes', GiBy: 'gibibytes', TiBy: 'tibibytes', KBy: 'kilobytes', MBy: 'megabytes', GBy: 'gigabytes', TBy: 'terabytes',
  m: 'meters', V: 'volts', A: 'amperes', J: 'joules', W: 'watts', g: 'grams', Cel: 'celsius', Hz: 'hertz', '%': 'percent',
};
const PER_WORDS: Readonly<Record<string, string>> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

export interface StoredMetric {
  readonly metricName: string;
  readonly metricType: string;
  readonly monotonic: boolean;
  readonly unit: string;
}

/** Label (and name) escaping: anything but [a-zA-Z0-9_:] becomes `_`, runs collapse, no leading digit. */
export function escapeName(name: string, allowColon = true): string {
  let out = name.replace(allowColon ? /[^a-zA-Z0-9_:]/g : /[^a-zA-Z0-9_]/g, '_').replace(/__+/g, '_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/** A label name as Prometheus's OTLP endpoint writes it (`service.name` → `service_name`). */
export function promLabelName(name: string): string {
  if (name.startsWith('__') && name.endsWith('__')) return name;
  return escapeName(name, false);
}

function unitSuffix(unit: string, metricType: string): string[] {
  const clean = unit.replace(/\{[^}]*\}/g, '').trim();
  if (clean === '') return [];
  if (clean === '1') return metricType === 'gauge' ? ['ratio'] : [];
  const [main, per] = clean.split('/', 2);
  const words: string[] = [];
  if (main) words.push(UNIT_WORDS[main] ?? main);
  if (per) words.push('per', PER_WORDS[per] ?? UNIT_WORDS[per] ?? per);
  return words.map((word) => escapeName(word, false).replace(/^_+|_+$/g, '')).filter(Boolean);
}

/** The base PromQL name of a stored metric (histograms add `_bucket`, `_sum`, `_count` to it). */
export function promMetricName(metric: StoredMetric): string {
  // Remote-written (or already Prometheus-style) names: valid, unitless and suffixed stay as they are.
  if (metric.unit === '' && /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(metric.metricName) && /_(total|count|sum|bucket)$/.test(metric.metricName)) return metric.metricName;
  let base = escapeName(metric.metricName).replace(/^_+(?=[a-zA-Z])/, '');
  const suffixes = unitSuffix(metric.unit, metric.metricType);
  for (const suffix of suffixes) {
    if (!base.split('_').includes(suffix)) base = `${base}_${suffix}`;
  }
  if (metric.metricType === 'sum' && metric.monotonic && !base.endsWith('_total')) base = `${base}_total`;
  return base;
}

/** The PromQL names one stored metric answers to. */
export function promNamesFor(metric: StoredMetric): string[] {
  const base = promMetricName(metric);
  if (metric.metricType === 'histogram') return [`${base}_bucket`, `${base}_sum`, `${base}_count`];
  return [base];
}

/**
 * A name with everything but ASCII letters and digits removed. The translation above only
 * escapes, collapses and strips `_` and appends suffixes, so a stored name's key is a prefix of
 * the key of each of its PromQL names: SQL can pre-select candidate metrics for `__name__="…"`
 * with `startsWith(key(wanted), replaceRegexpAll(metric_name, '[^a-zA-Z0-9]', ''))`.
 */
export function nameKey(name: string): string {
  return name.replace(/[^a-zA-Z0-9]/g, '');
}
