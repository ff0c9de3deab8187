import type { Binary, BinaryOp, Labels } from './ast';
import { isComparison } from './ast';
import { EvaluationError } from './errors';
import { goPow } from './float';
import { labelsKey, matchingKey, withoutName } from './labels';
import type { Sample } from './values';

/** [value, keep]: arithmetic always keeps; a comparison keeps the left value when it holds. */
export function applyOp(op: BinaryOp, lhs: number, rhs: number): [number, boolean] {
  switch (op) {
    case '+':
      return [lhs + rhs, true];
    case '-':
      return [lhs - rhs, true];
    case '*':
      return [lhs * rhs, true];
    case '/':
      return [lhs / rhs, true];
    case '%':
      return [lhs % rhs, true];
    case '^':
      return [goPow(lhs, rhs), true];
    case 'atan2':
      return [Math.atan2(lhs, rhs), true];
    case '==':
      return [lhs, lhs === rhs];
    case '!=':
      return [lhs, lhs !== rhs];
    case '>':
      return [lhs, lhs > rhs];
    case '<':
      return [lhs, lhs < rhs];
    case '>=':
      return [lhs, lhs >= rhs];
    case '<=':
      return [lhs, lhs <= rhs];
    default:
      throw new EvaluationError(`operator "${op}" not allowed between scalars`);
  }
}

function dropsName(op: BinaryOp): boolean {
  return !isComparison(op);
}

export function scalarScalar(node: Binary, lhs: number, rhs: number): number {
  const [value, keep] = applyOp(node.op, lhs, rhs);
  return isComparison(node.op) ? (keep ? 1 : 0) : value;
}

/** vector op scalar (or scalar op vector when `scalarOnLeft`): comparisons keep the vector's value. */
export function vectorScalar(node: Binary, samples: readonly Sample[], scalar: number, scalarOnLeft: boolean): Sample[] {
  const out: Sample[] = [];
  for (const sample of samples) {
    const [lhs, rhs] = scalarOnLeft ? [scalar, sample.value] : [sample.value, scalar];
    let [value, keep] = applyOp(node.op, lhs, rhs);
    if (isComparison(node.op) && scalarOnLeft) value = sample.value;
    if (node.returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (keep) out.push({ labels: dropsName(node.op) || node.returnBool ? withoutName(sample.labels) : sample.labels, value });
  }
  return out;
}

/** and / or / unless, matching on the labels of `on(...)` or all but `ignoring(...)`. */
export function setOperation(node: Binary, lhs: readonly Sample[], rhs: readonly Sample[]): Sample[] {
  const key = (s: Sample) => matchingKey(s.labels, node.matching.on, node.matching.labels);
  const rightKeys = new Set(rhs.map(key));
  switch (node.op) {
    case 'and':
      return lhs.filter((s) => rightKeys.has(key(s)));
    case 'unless':
      return lhs.filter((s) => !rightKeys.has(key(s)));
    default: {
      const leftKeys = new Set(lhs.map(key));
      return [...lhs, ...rhs.filter((s) => !leftKeys.has(key(s)))];
    }
  }
}

/** Arithmetic and comparisons between two instant vectors, with one-to-one or group_left/right matching. */
export function vectorVector(node: Binary, lhsIn: readonly Sample[], rhsIn: readonly Sample[]): Sample[] {
  const { matching } = node;
  const swapped = matching.card === 'one-to-many';
  const [many, one] = swapped ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const key = (s: Sample) => matchingKey(s.labels, matching.on, matching.labels);
  const oneByKey = new Map<string, Sample>();
  for (const sample of one) {
    const k = key(sample);
    if (oneByKey.has(k)) {
      throw new EvaluationError(
        `found duplicate series for the match group ${describe(sample.labels, matching)} on the ${swapped ? 'left' : 'right'} hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    oneByKey.set(k, sample);
  }
  const matchedOneToOne = new Set<string>();
  const outputKeys = new Set<string>();
  const out: Sample[] = [];
  for (const sample of many) {
    const k = key(sample);
    const other = oneByKey.get(k);
    if (!other) continue;
    const [left, right] = swapped ? [other.value, sample.value] : [sample.value, other.value];
    let [value, keep] = applyOp(node.op, left, right);
    if (node.returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    if (matching.card === 'one-to-one') {
      if (matchedOneToOne.has(k)) throw new EvaluationError(`multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)`);
      matchedOneToOne.add(k);
    }
    const labels = resultLabels(node, sample.labels, other.labels);
    if (matching.card !== 'one-to-one') {
      const outputKey = labelsKey(labels);
      if (outputKeys.has(outputKey)) throw new EvaluationError('multiple matches for labels: grouping labels must ensure unique matches');
      outputKeys.add(outputKey);
    }
    out.push({ labels, value });
  }
  return out;
}

function resultLabels(node: Binary, many: Labels, one: Labels): Labels {
  let out: Record<string, string> = { ...(dropsName(node.op) || node.returnBool ? withoutName(many) : many) };
  const { matching } = node;
  if (matching.card === 'one-to-one') {
    if (matching.on) out = Object.fromEntries(Object.entries(out).filter(([name]) => matching.labels.includes(name)));
    else for (const name of matching.labels) delete out[name];
  }
  for (const name of matching.include) {
    const value = one[name];
    if (value === undefined || value === '') delete out[name];
    else out[name] = value;
  }
  return out;
}

function describe(labels: Labels, matching: Binary['matching']): string {
  const picked = Object.entries(labels).filter(([name]) => (matching.on ? matching.labels.includes(name) : !matching.labels.includes(name) && name !== '__name__'));
  return `{${picked.map(([name, value]) => `${name}="${value}"`).join(', ')}}`;
}
