/**
 * Drain-style log template miner (He et al., "Drain: An Online Log Parsing Approach with Fixed
 * Depth Tree", ICWS 2017), as popularised by Drain3: lines are grouped first by token count,
 * then by their leading tokens, then by token-wise similarity to existing templates; positions
 * that differ become `<*>`. Deterministic for a given input order.
 */

export const WILDCARD = '<*>';

export interface LogTemplate {
  /** Stable id of the cluster (assigned in order of first appearance). */
  id: number;
  /** Current template text; may generalise as more lines arrive. */
  text: string;
  /** Lines matched so far. */
  size: number;
}

export interface TemplateMinerOptions {
  /** Leading tokens used as tree levels below the length level. */
  prefixDepth: number;
  /** Share of equal tokens needed to join a cluster. */
  similarityThreshold: number;
  /** Children per tree node before new prefixes fall into the wildcard child. */
  maxChildren: number;
}

// One routing token (not Drain3's two): a variable second word (`user alice ...`) must not split
// a template; similarity then decides.
const DEFAULTS: TemplateMinerOptions = { prefixDepth: 1, similarityThreshold: 0.4, maxChildren: 100 };

/** Tokens that are obviously variables: numbers, hex ids, UUIDs, IPs, durations, quoted values. */
const VARIABLE_TOKEN =
  /^(?:[-+]?\d[\d.,:]*(?:ms|s|us|ns|%|b|kb|mb|gb)?|0x[0-9a-f]+|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f-]{27,}|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|".*"|'.*')$/i;

interface Cluster {
  id: number;
  tokens: string[];
  size: number;
}

export class TemplateMiner {
  private readonly options: TemplateMinerOptions;
  private readonly tree = new Map<string, Cluster[]>();
  private readonly childCount = new Map<string, number>();
  private readonly clusters: Cluster[] = [];

  constructor(options: Partial<TemplateMinerOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Adds one line, returning the template it now belongs to. */
  add(line: string): LogTemplate {
    const tokens = tokenize(line);
    const leaf = this.leafKey(tokens, true);
    let candidates = this.tree.get(leaf);
    if (!candidates) {
      candidates = [];
      this.tree.set(leaf, candidates);
    }
    const best = this.bestMatch(candidates, tokens);
    if (best) {
      best.tokens = best.tokens.map((t, i) => (t === tokens[i] ? t : WILDCARD));
      best.size += 1;
      return toTemplate(best);
    }
    const cluster: Cluster = { id: this.clusters.length, tokens, size: 1 };
    this.clusters.push(cluster);
    candidates.push(cluster);
    return toTemplate(cluster);
  }

  /** The template a line would join, without learning from it; null if none is similar enough. */
  match(line: string): LogTemplate | null {
    const tokens = tokenize(line);
    const best = this.bestMatch(this.tree.get(this.leafKey(tokens, false)) ?? [], tokens);
    return best ? toTemplate(best) : null;
  }

  templates(): LogTemplate[] {
    return this.clusters.map(toTemplate);
  }

  private leafKey(tokens: string[], learning: boolean): string {
    let key = `${tokens.length}`;
    for (let depth = 0; depth < Math.min(this.options.prefixDepth, tokens.length); depth++) {
      const token = /\d/.test(tokens[depth]) ? WILDCARD : tokens[depth];
      const exact = `${key}\u0000${token}`;
      if (this.childCount.has(exact) || token === WILDCARD) {
        key = exact;
        continue;
      }
      const children = this.childCount.get(key) ?? 0;
      if (learning && children < this.options.maxChildren) {
        this.childCount.set(key, children + 1);
        this.childCount.set(exact, 0);
        key = exact;
      } else {
        key = `${key}\u0000${WILDCARD}`;
      }
    }
    return key;
  }

  private bestMatch(candidates: Cluster[], tokens: string[]): Cluster | null {
    let best: Cluster | null = null;
    let bestSimilarity = -1;
    let bestWildcards = -1;
    for (const cluster of candidates) {
      let equal = 0;
      let wildcards = 0;
      for (let i = 0; i < tokens.length; i++) {
        // A wildcard matches anything: a template that has generalised must keep matching.
        if (cluster.tokens[i] === WILDCARD) {
          wildcards += 1;
          equal += 1;
        } else if (cluster.tokens[i] === tokens[i]) equal += 1;
      }
      const similarity = tokens.length === 0 ? 1 : equal / tokens.length;
      if (similarity > bestSimilarity || (similarity === bestSimilarity && wildcards > bestWildcards)) {
        best = cluster;
        bestSimilarity = similarity;
        bestWildcards = wildcards;
      }
    }
    return best && bestSimilarity >= this.options.similarityThreshold ? best : null;
  }
}

/** Splits on whitespace and masks obvious variables so they never split a template. */
export function tokenize(line: string): string[] {
  return line
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => (VARIABLE_TOKEN.test(t.replace(/[,;)\]}]+$/, '').replace(/^[([{]+/, '')) ? WILDCARD : t));
}

function toTemplate(cluster: Cluster): LogTemplate {
  return { id: cluster.id, text: cluster.tokens.join(' '), size: cluster.size };
}
