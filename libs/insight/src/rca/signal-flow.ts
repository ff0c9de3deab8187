/**
 * Which way a change travels along the call graph depends on what the signal measures.
 *
 * A request flows from caller to callee and its answer flows back. What rides on the answer —
 * latency, errors, saturation of the one answering — travels *up*, from a callee to its callers:
 * a slow database makes its callers slow, never the reverse. What rides on the request — how many
 * requests there are — travels *down*: a gateway receiving three times the traffic sends three
 * times the calls to every service behind it, and a cache called by everyone shows the sum.
 * So a callee's rise explains its caller's for latency, errors and saturation, and a caller's rise
 * explains its callee's for traffic. See docs/decisions/087-rca-explanation-follows-signal-flow.md.
 */
import type { ServiceGraph } from './service-graph';
import type { SignalChange } from './signal-change';

/**
 * `downstream`: the change travels with the requests, caller → callee (traffic).
 * `upstream`: it travels with the answers, callee → caller (latency, errors, saturation, ...).
 */
export type SignalFlow = 'downstream' | 'upstream';

/** Names of request-volume signals: `span calls`, `requests:Sum`, `http_requests_total`, `qps`. */
const TRAFFIC = /(^|[^a-z])(calls|requests?|throughput|qps|rps|traffic)($|[^a-z])/i;
/** A count of failures or a duration of requests is about the answer, not the volume. */
const ABOUT_THE_ANSWER = /(latenc|duration|time|error|fail|fault|exception|5xx|timeout|reject|drop)/i;

export function flowOf(indicator: string): SignalFlow {
  return TRAFFIC.test(indicator) && !ABOUT_THE_ANSWER.test(indicator) ? 'downstream' : 'upstream';
}

/** The neighbours whose change of this kind can explain a service's: callees, or callers for traffic. */
export function explainersOf(service: string, flow: SignalFlow, graph: ServiceGraph): string[] {
  return flow === 'upstream' ? graph.calleesOf(service) : graph.callersOf(service);
}

/**
 * Services whose change a fault in `service` of this kind would cause: its (transitive) callers
 * for a fault in the answers, its (transitive) callees for a surge of requests. Itself included.
 */
export function affectedBy(service: string, flow: SignalFlow, graph: ServiceGraph): Map<string, number> {
  if (!graph.has(service)) return new Map([[service, 0]]);
  return flow === 'upstream' ? graph.distancesUp(service) : graph.distancesDown(service);
}

/**
 * The size of a change used to tell whether one change accounts for another. Answers add up in
 * their own units (a database 0.5 s slower explains a caller 0.5 s slower, 20 ms does not).
 * Requests multiply along the graph (one page view = N cache calls), so traffic compares by
 * relative rise: a caller ×3 explains a callee ×3 whatever their absolute rates.
 */
export function sizeOfChange(change: SignalChange, flow: SignalFlow): number {
  const rise = Math.abs(change.peakValue - change.center);
  if (flow === 'upstream') return rise;
  const level = Math.abs(change.center);
  return level > 0 ? rise / level : rise;
}
