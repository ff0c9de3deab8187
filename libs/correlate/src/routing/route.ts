/**
 * The routing tree (Alertmanager's `dispatch.Route`): options inherited down the tree,
 * depth-first matching where a matching child stops the search unless it has `continue`,
 * and the route key / group key strings Alertmanager puts in notifications.
 */
import type { RouteConfig } from '../config/config.types';
import type { LabelSet } from '../labels/fingerprint';
import { fingerprint, labelSetString } from '../labels/fingerprint';
import type { Matcher } from '../labels/matcher';
import { compileMatcher, matchersString, matchesAll } from '../labels/matcher';

/** Alertmanager's DefaultRouteOpts. */
export const DEFAULT_GROUP_WAIT_MILLIS = 30_000;
export const DEFAULT_GROUP_INTERVAL_MILLIS = 5 * 60_000;
export const DEFAULT_REPEAT_INTERVAL_MILLIS = 4 * 3_600_000;

/** Effective options of a route after inheritance. */
export interface RouteOptions {
  readonly receiver: string;
  readonly groupBy: ReadonlySet<string>;
  readonly groupByAll: boolean;
  readonly groupWaitMillis: number;
  readonly groupIntervalMillis: number;
  readonly repeatIntervalMillis: number;
}

export interface Route {
  readonly options: RouteOptions;
  readonly matchers: readonly Matcher[];
  readonly continue: boolean;
  readonly routes: readonly Route[];
  /** `Route.Key()`: parent key + `/` + this route's matchers string; `{}` for the root. */
  readonly key: string;
  /** `Route.ID()`: like the key but with each child's position appended, unique in the tree. */
  readonly id: string;
}

function buildRoute(config: RouteConfig, parent: Route | undefined, index: number): Route {
  const inherited = parent?.options;
  const groupByAll = config.groupBy !== undefined ? !!config.groupByAll : (inherited?.groupByAll ?? false);
  const options: RouteOptions = {
    receiver: config.receiver ?? inherited?.receiver ?? '',
    groupBy: config.groupBy !== undefined ? new Set(config.groupBy) : (inherited?.groupBy ?? new Set()),
    groupByAll,
    groupWaitMillis: config.groupWaitMillis ?? inherited?.groupWaitMillis ?? DEFAULT_GROUP_WAIT_MILLIS,
    groupIntervalMillis: config.groupIntervalMillis ?? inherited?.groupIntervalMillis ?? DEFAULT_GROUP_INTERVAL_MILLIS,
    repeatIntervalMillis: config.repeatIntervalMillis ?? inherited?.repeatIntervalMillis ?? DEFAULT_REPEAT_INTERVAL_MILLIS,
  };
  const ownKey = matchersString(config.matchers);
  const key = parent ? `${parent.key}/${ownKey}` : ownKey;
  const id = parent ? `${parent.id}/${ownKey}/${index}` : ownKey;
  const route: { -readonly [K in keyof Route]: Route[K] } = {
    options,
    matchers: config.matchers.map(compileMatcher),
    continue: config.continue,
    routes: [],
    key,
    id,
  };
  route.routes = config.routes.map((child, i) => buildRoute(child, route, i));
  return route;
}

/** Builds the routing tree from the validated root route. */
export function buildRouteTree(root: RouteConfig): Route {
  return buildRoute(root, undefined, 0);
}

/**
 * `Route.Match`: the routes an alert is dispatched to. A child that matches ends the search
 * among its siblings unless it has `continue: true`; a route none of whose children match
 * takes the alert itself.
 */
export function matchRoutes(route: Route, labels: LabelSet): Route[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const all: Route[] = [];
  for (const child of route.routes) {
    const matched = matchRoutes(child, labels);
    all.push(...matched);
    if (matched.length > 0 && !child.continue) break;
  }
  if (all.length === 0) all.push(route);
  return all;
}

/** The labels an alert is grouped by on this route (absent labels are left out). */
export function groupLabels(route: Route, labels: LabelSet): LabelSet {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (route.options.groupByAll || route.options.groupBy.has(name)) out[name] = value;
  }
  return out;
}

/** `aggrGroup.GroupKey()`: `<route key>:<group labels>`, e.g. `{}/{team="db"}:{alertname="X"}`. */
export function groupKey(route: Route, group: LabelSet): string {
  return `${route.key}:${labelSetString(group)}`;
}

/** Identity of an aggregation group within a route (the group labels' fingerprint). */
export function groupFingerprint(group: LabelSet): string {
  return fingerprint(group);
}

/** Every route in the tree, depth first (for lookups by id after a snapshot). */
export function allRoutes(route: Route): Route[] {
  return [route, ...route.routes.flatMap(allRoutes)];
}
