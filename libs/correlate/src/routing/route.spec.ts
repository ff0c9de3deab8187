import { loadAlertmanagerConfig } from '../config/load';
import { buildRouteTree, groupKey, groupLabels, matchRoutes } from './route';

const tree = buildRouteTree(
  loadAlertmanagerConfig(`
route:
  receiver: default
  group_by: [alertname]
  group_wait: 10s
  routes:
    - matchers: ['team="db"']
      receiver: db
      continue: true
      routes:
        - matchers: ['severity="critical"']
          receiver: db-pager
          group_wait: 1s
    - matchers: ['severity="critical"']
      receiver: pager
      group_by: ['...']
    - matchers: ['team="db"']
      receiver: db-after-continue
receivers: [{name: default}, {name: db}, {name: db-pager}, {name: pager}, {name: db-after-continue}]
`).route,
);

const receiversFor = (labels: Record<string, string>): string[] => matchRoutes(tree, labels).map((r) => r.options.receiver);

describe('routing', () => {
  it('falls back to the root when no child matches', () => {
    expect(receiversFor({ alertname: 'X' })).toEqual(['default']);
  });

  it('stops at the first matching child unless it has continue', () => {
    expect(receiversFor({ alertname: 'X', team: 'web', severity: 'critical' })).toEqual(['pager']);
    // db has continue: the search goes on past it; pager matches and stops it there.
    expect(receiversFor({ alertname: 'X', team: 'db', severity: 'critical' })).toEqual(['db-pager', 'pager']);
    // Without severity=critical the search continues to the next route with team=db.
    expect(receiversFor({ alertname: 'X', team: 'db' })).toEqual(['db', 'db-after-continue']);
  });

  it('inherits options from the parent route and overrides them per route', () => {
    const [dbPager] = matchRoutes(tree, { team: 'db', severity: 'critical' });
    expect(dbPager.options.groupWaitMillis).toBe(1000);
    expect([...dbPager.options.groupBy]).toEqual(['alertname']);
    expect(dbPager.options.groupIntervalMillis).toBe(5 * 60_000);
    expect(dbPager.options.repeatIntervalMillis).toBe(4 * 3_600_000);
  });

  it('builds group keys exactly like Alertmanager: route key, colon, group labels', () => {
    const [dbPager, pager] = matchRoutes(tree, { alertname: 'Slow', team: 'db', severity: 'critical', pod: 'p1' });
    expect(groupKey(dbPager, groupLabels(dbPager, { alertname: 'Slow', team: 'db', severity: 'critical', pod: 'p1' }))).toBe(
      '{}/{team="db"}/{severity="critical"}:{alertname="Slow"}',
    );
    // group_by '...' groups by every label.
    expect(groupKey(pager, groupLabels(pager, { alertname: 'Slow', team: 'db', severity: 'critical', pod: 'p1' }))).toBe(
      '{}/{severity="critical"}:{alertname="Slow", pod="p1", severity="critical", team="db"}',
    );
  });

  it('leaves absent group_by labels out of the group', () => {
    expect(groupLabels(tree, { instance: 'a' })).toEqual({});
    expect(groupKey(tree, {})).toBe('{}:{}');
  });

  it('gives siblings with identical matchers distinct ids', () => {
    expect(tree.routes[0].key).toBe(tree.routes[2].key);
    expect(tree.routes[0].id).not.toBe(tree.routes[2].id);
  });
});
