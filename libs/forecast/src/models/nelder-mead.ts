/**
 * Nelder–Mead simplex minimiser for the few smoothing parameters of a model. Parameters are
 * searched on an unbounded scale; callers map them into their valid ranges (logistic).
 */
export interface MinimiseResult {
  readonly x: Float64Array;
  readonly value: number;
}

export function nelderMead(f: (x: Float64Array) => number, start: ArrayLike<number>, maxEvaluations = 300, step = 0.5): MinimiseResult {
  const dim = start.length;
  const simplex: Float64Array[] = [Float64Array.from(start)];
  for (let i = 0; i < dim; i++) {
    const v = Float64Array.from(start);
    v[i] += step;
    simplex.push(v);
  }
  const values = simplex.map((v) => safe(f(v)));
  let evaluations = simplex.length;
  const centroid = new Float64Array(dim);
  const trial = (from: Float64Array, towards: Float64Array, t: number): Float64Array => {
    const out = new Float64Array(dim);
    for (let i = 0; i < dim; i++) out[i] = from[i] + t * (towards[i] - from[i]);
    return out;
  };
  while (evaluations < maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const best = order[0];
    const worst = order[dim];
    const second = order[dim - 1];
    if (Math.abs(values[worst] - values[best]) <= 1e-8 * (Math.abs(values[best]) + 1e-12)) break;
    centroid.fill(0);
    for (const i of order.slice(0, dim)) for (let k = 0; k < dim; k++) centroid[k] += simplex[i][k] / dim;
    const reflected = trial(centroid, simplex[worst], -1);
    const fr = safe(f(reflected));
    evaluations++;
    if (fr < values[best]) {
      const expanded = trial(centroid, simplex[worst], -2);
      const fe = safe(f(expanded));
      evaluations++;
      if (fe < fr) replace(worst, expanded, fe);
      else replace(worst, reflected, fr);
    } else if (fr < values[second]) {
      replace(worst, reflected, fr);
    } else {
      const contracted = trial(centroid, fr < values[worst] ? reflected : simplex[worst], 0.5);
      const fc = safe(f(contracted));
      evaluations++;
      if (fc < Math.min(fr, values[worst])) {
        replace(worst, contracted, fc);
      } else {
        for (const i of order.slice(1)) {
          simplex[i] = trial(simplex[best], simplex[i], 0.5);
          values[i] = safe(f(simplex[i]));
          evaluations++;
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[bestIndex]) bestIndex = i;
  return { x: simplex[bestIndex], value: values[bestIndex] };

  function replace(i: number, v: Float64Array, value: number): void {
    simplex[i] = v;
    values[i] = value;
  }
}

function safe(value: number): number {
  return Number.isFinite(value) ? value : Number.MAX_VALUE;
}

export const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
export const logit = (p: number): number => Math.log(p / (1 - p));
