import type { Aggregate, Labels } from './ast';
import { METRIC_NAME } from './ast';
import { EvaluationError } from './errors';
import { formatFloat, kahanSumInc, quantile } from './float';
import { labelsKey } from './labels';
import { average } from './range-functions';
import type { Sample } from './values';

interface Group {
  readonly labels: Labels;
  readonly samples: Sample[];
}

function groupLabels(labels: Labels, grouping: readonly string[], without: boolean): Labels {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels)) {
    const listed = grouping.includes(name);
    if (without ? !listed && name !== METRIC_NAME : listed) out[name] = labels[name];
  }
  return out;
}

// The group of a label set never changes for one aggregation node: cache it per (node, labels).
const groupCache = new WeakMap<Aggregate, WeakMap<Labels, Labels>>();

function cachedGroupLabels(node: Aggregate, labels: Labels): Labels {
  let perNode = groupCache.get(node);
  if (!perNode) groupCache.set(node, (perNode = new WeakMap()));
  let grouped = perNode.get(labels);
  if (!grouped) perNode.set(labels, (grouped = groupLabels(labels, node.grouping, node.without)));
  return grouped;
}

function groupSamples(samples: readonly Sample[], node: Aggregate, extraLabel?: (sample: Sample) => [string, string]): Group[] {
  const groups = new Map<string, Group>();
  for (const sample of samples) {
    let labels = cachedGroupLabels(node, sample.labels);
    if (extraLabel) {
      const [name, value] = extraLabel(sample);
      labels = { ...labels, [name]: value };
    }
    const key = labelsKey(labels);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels, samples: [] }));
    group.samples.push(sample);
  }
  return [...groups.values()];
}

const REDUCERS: Readonly<Record<string, (values: number[]) => number>> = {
  sum: (values) => {
    let sum = 0, c = 0;
    for (const value of values) [sum, c] = kahanSumInc(value, sum, c);
    return Number.isFinite(sum) ? sum + c : sum;
  },
  avg: average,
  min: (values) => values.reduce((min, v) => (v < min || Number.isNaN(min) ? v : min), values[0]),
  max: (values) => values.reduce((max, v) => (v > max || Number.isNaN(max) ? v : max), values[0]),
  count: (values) => values.length,
  group: () => 1,
  stdvar: (values) => welford(values),
  stddev: (values) => Math.sqrt(welford(values)),
};

/** The running mean/variance Prometheus's aggregation uses for stddev/stdvar. */
function welford(values: readonly number[]): number {
  let count = 0, mean = 0, m2 = 0;
  for (const value of values) {
    count++;
    const delta = value - mean;
    mean += delta / count;
    m2 += delta * (value - mean);
  }
  return m2 / count;
}

/** Evaluates one aggregation at one step; `param` is topk's k, quantile's φ or count_values' label. */
export function aggregate(node: Aggregate, samples: readonly Sample[], param: number | string | undefined): Sample[] {
  switch (node.op) {
    case 'topk':
    case 'bottomk':
      return selectK(node, samples, param as number);
    case 'quantile':
      return groupSamples(samples, node).map((g) => ({ labels: g.labels, value: quantile(param as number, g.samples.map((s) => s.value)) }));
    case 'count_values': {
      const label = param as string;
      if (label === '') throw new EvaluationError(`invalid label name "${label}"`);
      return groupSamples(samples, node, (s) => [label, formatFloat(s.value)]).map((g) => ({ labels: g.labels, value: g.samples.length }));
    }
    default: {
      const reduce = REDUCERS[node.op];
      return groupSamples(samples, node).map((g) => ({ labels: g.labels, value: reduce(g.samples.map((s) => s.value)) }));
    }
  }
}

/** topk/bottomk keep whole series (labels and name); NaN ranks last; the result is ordered best first. */
function selectK(node: Aggregate, samples: readonly Sample[], kParam: number): Sample[] {
  if (Number.isNaN(kParam)) throw new EvaluationError(`Parameter value is NaN for ${node.op}`);
  if (Math.abs(kParam) > Number.MAX_SAFE_INTEGER) throw new EvaluationError(`Scalar value ${kParam} overflows int64`);
  const k = Math.trunc(kParam);
  if (k < 1) return [];
  const top = node.op === 'topk';
  const better = (a: number, b: number): number => {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return top ? b - a : a - b;
  };
  const out: Sample[] = [];
  for (const group of groupSamples(samples, node)) out.push(...[...group.samples].sort((a, b) => better(a.value, b.value)).slice(0, k));
  return out;
}
