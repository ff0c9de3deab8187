import type { AtModifier, Expr, VectorSelector } from './ast';
import type { RollupHint, RollupFunction } from './sample-source';

/**
 * Range functions whose value over whole buckets follows from per-bucket min / max / last /
 * presence, exactly: no float sums (the rollup's plain sums would round differently from
 * Prometheus's Kahan sums) and no counts (a re-sent sample counts twice in a rollup).
 */
const ROLLUP_FUNCTIONS: ReadonlySet<string> = new Set<RollupFunction>(['min_over_time', 'max_over_time', 'last_over_time', 'present_over_time']);

/** When and how a query is evaluated: instants have one evaluation time (stepMillis 0). */
export interface EvaluationTimes {
  readonly startMillis: number;
  readonly endMillis: number;
  readonly stepMillis: number;
}

/**
 * The selectors a rollup may serve: a matrix selector that is the direct argument of one of
 * ROLLUP_FUNCTIONS, outside any subquery (whose inner steps would need their own alignment
 * reasoning). The hint carries the windows the evaluator will ask for; whether a rollup
 * resolution fits them (and the data is safe to bucket) is the source's call.
 */
export function rollupHints(expr: Expr, times: EvaluationTimes): Map<VectorSelector, RollupHint> {
  const out = new Map<VectorSelector, RollupHint>();
  const lastEvalMillis = times.stepMillis > 0 ? times.startMillis + Math.floor((times.endMillis - times.startMillis) / times.stepMillis) * times.stepMillis : times.startMillis;
  const resolve = (at: AtModifier | undefined, t: number) => (at === undefined ? t : at === 'start' ? times.startMillis : at === 'end' ? times.endMillis : at);
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case 'call': {
        const arg = node.args[0];
        if (ROLLUP_FUNCTIONS.has(node.func) && arg?.kind === 'matrix') {
          const { selector, rangeMillis } = arg;
          const firstEndMillis = resolve(selector.at, times.startMillis) - selector.offsetMillis;
          const lastEndMillis = resolve(selector.at, lastEvalMillis) - selector.offsetMillis;
          const stepMillis = firstEndMillis === lastEndMillis ? 0 : times.stepMillis;
          out.set(selector, { function: node.func as RollupFunction, rangeMillis, firstEndMillis, lastEndMillis, stepMillis });
          return;
        }
        return node.args.forEach(visit);
      }
      case 'paren':
      case 'unary':
        return visit(node.expr);
      case 'aggregate':
        if (node.param) visit(node.param);
        return visit(node.expr);
      case 'binary':
        visit(node.lhs);
        return visit(node.rhs);
      case 'subquery':
      case 'matrix':
      case 'vector':
      case 'number':
      case 'string':
        return;
    }
  };
  visit(expr);
  return out;
}

/**
 * Whether buckets of `resolutionMillis` (closed-open, aligned to the epoch) can stand in for the
 * samples of every window the hint describes: each left-open window (end - range, end] must be a
 * union of whole buckets, so the range, the window ends and the step are multiples of the
 * resolution. Samples sitting exactly on a bucket edge still break it; the source checks those.
 */
export function rollupAligned(hint: RollupHint, resolutionMillis: number): boolean {
  const multiple = (millis: number) => millis % resolutionMillis === 0;
  return multiple(hint.rangeMillis) && hint.rangeMillis > 0 && multiple(hint.firstEndMillis) && multiple(hint.stepMillis);
}
