import type { LabelMatcher, Labels } from './ast';
import { METRIC_NAME } from './ast';

const SEPARATOR = '\xff';

// Label sets are immutable and reused across steps, so derived values are cached per object.
const keyCache = new WeakMap<Labels, string>();
const nameless = new WeakMap<Labels, Labels>();

/** A stable identity for a label set (sorted names), usable as a Map key. */
export function labelsKey(labels: Labels): string {
  let key = keyCache.get(labels);
  if (key === undefined) {
    key = Object.keys(labels)
      .sort()
      .map((name) => name + SEPARATOR + labels[name])
      .join(SEPARATOR);
    keyCache.set(labels, key);
  }
  return key;
}

/** The identity of the labels that vector matching compares: only `names` (on) or all but `names` and the metric name (ignoring). */
export function matchingKey(labels: Labels, on: boolean, names: readonly string[]): string {
  const picked: Record<string, string> = {};
  for (const name of Object.keys(labels)) {
    const listed = names.includes(name);
    if (on ? listed : !listed && name !== METRIC_NAME) picked[name] = labels[name];
  }
  return labelsKey(picked);
}

export function withoutName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  let rest = nameless.get(labels);
  if (!rest) {
    const { [METRIC_NAME]: _name, ...others } = labels;
    rest = others;
    nameless.set(labels, rest);
  }
  return rest;
}

/** Sets (or, for an empty value, deletes) one label. */
export function withLabel(labels: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...labels };
  if (value === '') delete out[name];
  else out[name] = value;
  return out;
}

/** Prometheus's labels.Compare: by name then value, label by label. */
export function compareLabels(a: Labels, b: Labels): number {
  const left = Object.keys(a).sort();
  const right = Object.keys(b).sort();
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i] < right[i] ? -1 : 1;
    const va = a[left[i]];
    const vb = b[right[i]];
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return left.length - right.length;
}

const regexCache = new Map<string, RegExp>();

/** Fully anchored, dot-matches-newline, as Prometheus compiles label matchers. */
export function anchoredRegex(pattern: string): RegExp {
  let compiled = regexCache.get(pattern);
  if (!compiled) {
    compiled = new RegExp(`^(?:${pattern.replace(/\(\?P</g, "(?<")})$`, "s");
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, compiled);
  }
  return compiled;
}

/** True when the label set satisfies the matcher (a missing label is the empty string). */
export function matches(matcher: LabelMatcher, labels: Labels): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return anchoredRegex(matcher.value).test(value);
    case '!~':
      return !anchoredRegex(matcher.value).test(value);
  }
}
