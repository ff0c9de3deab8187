import type { Labels } from './ast';
import { METRIC_NAME } from './ast';
import { EvaluationError } from './errors';
import { anchoredRegex, withLabel, withoutName } from './labels';
import type { Sample } from './values';

const MATH: Readonly<Record<string, (value: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (v) => (v < 0 ? -1 : v > 0 ? 1 : v),
  deg: (v) => (v * 180) / Math.PI,
  rad: (v) => (v * Math.PI) / 180,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
};

const DATE: Readonly<Record<string, (date: Date) => number>> = {
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: (d) => Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1,
  days_in_month: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

export function isMathFunction(name: string): boolean {
  return name in MATH;
}
export function isDateFunction(name: string): boolean {
  return name in DATE;
}

/** Applies a one-argument math function: drops the metric name, like Prometheus. */
export function applyMath(name: string, samples: readonly Sample[]): Sample[] {
  const fn = MATH[name];
  return samples.map((s) => ({ labels: withoutName(s.labels), value: fn(s.value) }));
}

/** hour(), month(), …: of each sample's value read as Unix seconds (UTC). */
export function applyDate(name: string, samples: readonly Sample[]): Sample[] {
  const fn = DATE[name];
  return samples.map((s) => ({ labels: withoutName(s.labels), value: Number.isFinite(s.value) ? fn(new Date(Math.trunc(s.value) * 1000)) : NaN }));
}

export function round(samples: readonly Sample[], toNearest: number): Sample[] {
  const inverse = 1 / toNearest;
  return samples.map((s) => ({ labels: withoutName(s.labels), value: Math.floor(s.value * inverse + 0.5) / inverse }));
}

export function clamp(samples: readonly Sample[], min: number, max: number): Sample[] {
  if (max < min) return [];
  return samples.map((s) => ({ labels: withoutName(s.labels), value: Math.max(min, Math.min(max, s.value)) }));
}

/** sort (ascending) / sort_desc: NaN last either way, labels kept. */
export function sortByValue(samples: readonly Sample[], descending: boolean): Sample[] {
  return [...samples].sort((a, b) => {
    if (Number.isNaN(a.value)) return Number.isNaN(b.value) ? 0 : 1;
    if (Number.isNaN(b.value)) return -1;
    return descending ? b.value - a.value : a.value - b.value;
  });
}

/** label_replace(v, dst, replacement, src, regex) with Go's $1 / ${name} expansion. */
export function labelReplace(samples: readonly Sample[], dst: string, replacement: string, src: string, pattern: string): Sample[] {
  let regex: RegExp;
  try {
    regex = anchoredRegex(pattern);
  } catch {
    throw new EvaluationError(`invalid regular expression in label_replace(): ${pattern}`);
  }
  if (!isValidLabelName(dst)) throw new EvaluationError(`invalid destination label name in label_replace(): ${dst}`);
  return samples.map((s) => {
    const match = regex.exec(s.labels[src] ?? '');
    if (!match) return s;
    return { labels: withLabel(s.labels, dst, expandTemplate(replacement, match)), value: s.value };
  });
}

export function labelJoin(samples: readonly Sample[], dst: string, separator: string, sources: readonly string[]): Sample[] {
  if (!isValidLabelName(dst)) throw new EvaluationError(`invalid destination label name in label_join(): ${dst}`);
  return samples.map((s) => ({ labels: withLabel(s.labels, dst, sources.map((name) => s.labels[name] ?? '').join(separator)), value: s.value }));
}

/** The labels absent() reports: every `name="value"` matcher (a name matched twice is left out). */
export function absentLabels(matchers: readonly { name: string; op: string; value: string }[]): Labels {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const matcher of matchers) {
    if (matcher.name === METRIC_NAME) continue;
    if (matcher.op === '=' && !seen.has(matcher.name)) {
      out[matcher.name] = matcher.value;
      seen.add(matcher.name);
    } else delete out[matcher.name];
  }
  return out;
}

function isValidLabelName(name: string): boolean {
  return name.length > 0 && name !== METRIC_NAME;
}

/** Go's regexp.Expand: `$name` takes the longest run of [A-Za-z0-9_], `${name}` is explicit, `$$` is a dollar. */
function expandTemplate(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]*)\}|([A-Za-z0-9_]+))/g, (whole, token: string, braced?: string, bare?: string) => {
    if (token === '$') return '$';
    const name = braced ?? bare ?? '';
    if (/^[0-9]+$/.test(name)) return match[Number(name)] ?? '';
    return match.groups?.[name] ?? '';
  });
}
