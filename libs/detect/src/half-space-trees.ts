/**
 * The ML tier: streaming half-space trees (Tan, Ting & Liu, IJCAI 2011) over a lag embedding of
 * the standardised residuals. Each tree cuts the unit cube at random into 2^depth cells; a point
 * is anomalous when it lands in cells that held little mass in the reference window. The trees'
 * shape comes only from the configured seed, so every series shares it and it costs no state:
 * a series stores only its cell masses (one byte each).
 */
import { mulberry32 } from './rng';

export const HST_TREES = 8;
export const HST_DEPTH = 5;
export const HST_DIMS = 3;
/** Points per window; masses are bytes, so at most 255. */
export const HST_WINDOW = 250;
const LEAVES = 1 << HST_DEPTH;
const INTERNAL = LEAVES - 1;
/** −ln of the reference mass share of a cell holding m points (m is a byte): a table, not 8 logs per point. */
const SURPRISE_OF_MASS = Float64Array.from({ length: 256 }, (_, m) => -Math.log((m + 0.5) / (HST_WINDOW + 0.5)));

interface Forest {
  /** Split dimension of each internal node, tree-major, heap order. */
  readonly dims: Uint8Array;
  readonly cuts: Float64Array;
}

const forests = new Map<number, Forest>();

/** Random half-space splits, as in the paper: per tree a randomly perturbed work range per dimension. */
function forestFor(seed: number): Forest {
  const cached = forests.get(seed);
  if (cached) return cached;
  const random = mulberry32(seed);
  const dims = new Uint8Array(HST_TREES * INTERNAL);
  const cuts = new Float64Array(HST_TREES * INTERNAL);
  const lo = new Float64Array(HST_DIMS);
  const hi = new Float64Array(HST_DIMS);
  for (let t = 0; t < HST_TREES; t++) {
    for (let d = 0; d < HST_DIMS; d++) {
      const s = random();
      const r = 2 * Math.max(s, 1 - s);
      lo[d] = s - r;
      hi[d] = s + r;
    }
    const build = (node: number, depth: number, nodeLo: Float64Array, nodeHi: Float64Array): void => {
      if (depth === HST_DEPTH) return;
      const d = Math.floor(random() * HST_DIMS);
      const cut = (nodeLo[d] + nodeHi[d]) / 2;
      dims[t * INTERNAL + node] = d;
      cuts[t * INTERNAL + node] = cut;
      const leftHi = nodeHi.slice();
      leftHi[d] = cut;
      const rightLo = nodeLo.slice();
      rightLo[d] = cut;
      build(2 * node + 1, depth + 1, nodeLo, leftHi);
      build(2 * node + 2, depth + 1, rightLo, nodeHi);
    };
    build(0, 0, lo, hi);
  }
  const forest = { dims, cuts };
  forests.set(seed, forest);
  return forest;
}

export class HalfSpaceTrees {
  /** Masses of the reference window, then of the window being filled. */
  readonly reference = new Uint8Array(HST_TREES * LEAVES);
  readonly latest = new Uint8Array(HST_TREES * LEAVES);
  /** [points in the latest window, completed windows] */
  readonly counters = new Uint8Array(2);
  private readonly forest: Forest;

  constructor(seed: number) {
    this.forest = forestFor(seed);
  }

  stateArrays(): Uint8Array[] {
    return [this.reference, this.latest, this.counters];
  }

  /** True once a full reference window exists. */
  get ready(): boolean {
    return this.counters[1] > 0;
  }

  /**
   * Scores the point `features` (each in [0, 1]) and learns it. Returns the surprise: mean over
   * trees of −ln of the reference mass share of the point's cell (higher = rarer).
   */
  observe(features: Float64Array): number {
    const { dims, cuts } = this.forest;
    let surprise = 0;
    for (let t = 0; t < HST_TREES; t++) {
      let node = 0;
      const base = t * INTERNAL;
      for (let depth = 0; depth < HST_DEPTH; depth++) {
        node = features[dims[base + node]] < cuts[base + node] ? 2 * node + 1 : 2 * node + 2;
      }
      const leaf = t * LEAVES + node - INTERNAL;
      surprise += SURPRISE_OF_MASS[this.reference[leaf]];
      this.latest[leaf]++;
    }
    if (++this.counters[0] >= HST_WINDOW) {
      this.reference.set(this.latest);
      this.latest.fill(0);
      this.counters[0] = 0;
      if (this.counters[1] < 255) this.counters[1]++;
    }
    return surprise / HST_TREES;
  }
}
