/**
 * The service dependency graph (caller → callee edges, e.g. from span parent/child pairs that
 * cross services), queried for "how many hops apart along a dependency chain": a failing
 * database makes its callers alert, and their callers, so a failure travels along call paths.
 * Two services that merely share a dependency (siblings) or a caller are not on one chain:
 * if their shared dependency is the cause, it alerts too and links both.
 */

export interface ServiceEdge {
  readonly from: string;
  readonly to: string;
}

export class ServiceGraph {
  private readonly neighbours = new Map<string, Set<string>>();
  private readonly callees = new Map<string, Set<string>>();

  constructor(edges: readonly ServiceEdge[] = []) {
    for (const e of edges) this.addEdge(e);
  }

  addEdge({ from, to }: ServiceEdge): void {
    if (from === to) return;
    const link = (a: string, b: string, map: Map<string, Set<string>>) => {
      let set = map.get(a);
      if (!set) map.set(a, (set = new Set()));
      set.add(b);
    };
    link(from, to, this.neighbours);
    link(to, from, this.neighbours);
    link(from, to, this.callees);
  }

  /** Services `from` calls directly. */
  calleesOf(service: string): ReadonlySet<string> {
    return this.callees.get(service) ?? new Set();
  }

  /**
   * Hops on a call path from one service to the other (either may be the caller), or
   * undefined when neither reaches the other within `maxHops`.
   */
  chainDistance(a: string, b: string, maxHops: number): number | undefined {
    if (a === b) return 0;
    const down = this.reach(a, b, maxHops);
    const up = this.reach(b, a, maxHops);
    if (down === undefined) return up;
    return up === undefined ? down : Math.min(down, up);
  }

  /** True when `from` depends on `to` (directly or through calls) within `maxHops`. */
  reachable(from: string, to: string, maxHops: number): boolean {
    return from === to || this.reach(from, to, maxHops) !== undefined;
  }

  /** Hops along calls from `from` to `to`, within `maxHops`. */
  private reach(from: string, to: string, maxHops: number): number | undefined {
    let frontier = [from];
    const seen = new Set([from]);
    for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
      const next: string[] = [];
      for (const s of frontier) {
        for (const n of this.callees.get(s) ?? []) {
          if (n === to) return hops;
          if (!seen.has(n)) {
            seen.add(n);
            next.push(n);
          }
        }
      }
      frontier = next;
    }
    return undefined;
  }

  /** Undirected distance in hops, or undefined when more than `maxHops` apart. */
  distance(a: string, b: string, maxHops: number): number | undefined {
    if (a === b) return 0;
    let frontier = new Set([a]);
    const seen = new Set([a]);
    for (let hops = 1; hops <= maxHops; hops++) {
      const next = new Set<string>();
      for (const s of frontier) {
        for (const n of this.neighbours.get(s) ?? []) {
          if (n === b) return hops;
          if (!seen.has(n)) {
            seen.add(n);
            next.add(n);
          }
        }
      }
      if (next.size === 0) return undefined;
      frontier = next;
    }
    return undefined;
  }

  edges(): ServiceEdge[] {
    const out: ServiceEdge[] = [];
    for (const [from, tos] of this.callees) for (const to of tos) out.push({ from, to });
    return out;
  }
}
