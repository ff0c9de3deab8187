/** The service call graph as adjacency lists, with the few walks root-cause ranking needs. */
import type { ServiceEdge } from './types';

export class ServiceGraph {
  private readonly callees = new Map<string, Set<string>>();
  private readonly callers = new Map<string, Set<string>>();

  constructor(edges: readonly ServiceEdge[]) {
    for (const { from, to } of edges) {
      if (from === to) continue;
      link(this.callees, from, to);
      link(this.callers, to, from);
      link(this.callees, to);
      link(this.callers, from);
    }
  }

  has(service: string): boolean {
    return this.callees.has(service);
  }

  get services(): string[] {
    return [...this.callees.keys()];
  }

  calleesOf(service: string): string[] {
    return [...(this.callees.get(service) ?? [])];
  }

  callersOf(service: string): string[] {
    return [...(this.callers.get(service) ?? [])];
  }

  /**
   * Shortest caller chain from `service` up to `target` (both included), i.e. the way a fault in
   * `service` travels back to `target`; null if `target` does not (transitively) call `service`.
   */
  pathUpTo(service: string, target: string): string[] | null {
    if (service === target) return [service];
    const previous = new Map<string, string>([[service, service]]);
    const queue = [service];
    for (let head = 0; head < queue.length; head++) {
      const current = queue[head];
      for (const caller of this.callers.get(current) ?? []) {
        if (previous.has(caller)) continue;
        previous.set(caller, current);
        if (caller === target) return unwind(previous, target, service).reverse();
        queue.push(caller);
      }
    }
    return null;
  }

  /** Hops from `from` down to each service it (transitively) calls, itself at 0. */
  distancesDown(from: string): Map<string, number> {
    return this.walk(from, this.callees);
  }

  /** Hops from `from` up to each service that (transitively) calls it, itself at 0. */
  distancesUp(from: string): Map<string, number> {
    return this.walk(from, this.callers);
  }

  private walk(from: string, next: Map<string, Set<string>>): Map<string, number> {
    const distance = new Map<string, number>([[from, 0]]);
    const queue = [from];
    for (let head = 0; head < queue.length; head++) {
      const current = queue[head];
      for (const callee of next.get(current) ?? []) {
        if (distance.has(callee)) continue;
        distance.set(callee, (distance.get(current) ?? 0) + 1);
        queue.push(callee);
      }
    }
    return distance;
  }
}

function link(map: Map<string, Set<string>>, key: string, value?: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  if (value !== undefined) set.add(value);
}

function unwind(previous: Map<string, string>, end: string, start: string): string[] {
  const path = [end];
  let current = end;
  while (current !== start) {
    current = previous.get(current) as string;
    path.push(current);
  }
  return path;
}
