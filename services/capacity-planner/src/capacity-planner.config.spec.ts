import { ConfigError } from '@vigil/config';
import { DEFAULT_PLANNED_KINDS, parseCapacityPlannerSettings } from './capacity-planner.config';

const issuesOf = (section: unknown): string[] => {
  try {
    parseCapacityPlannerSettings(section);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('capacity-planner config', () => {
  it('defaults to every resource kind that needs no fixed capacity, every 5 minutes, horizons 48 h and 30 d', () => {
    const settings = parseCapacityPlannerSettings(undefined);
    expect(settings.intervalMillis).toBe(300_000);
    expect(settings.resources.map((r) => r.config.kind)).toEqual(DEFAULT_PLANNED_KINDS);
    expect(DEFAULT_PLANNED_KINDS).toEqual(['cpu', 'memory', 'filesystem', 'connections']);
    expect(settings.horizons.map((h) => [h.name, h.stepMillis, h.steps])).toEqual([
      ['48h', 3_600_000, 48],
      ['30d', 86_400_000, 30],
    ]);
    // node_exporter expressions ("a - b") are listed by the library but not read as metric names.
    expect(settings.resources.find((r) => r.config.kind === 'filesystem')?.usageMetrics).toEqual(['system.filesystem.usage']);
  });

  it('uses a selector naming a metric as the usage metric and its matchers as the series filter', () => {
    const settings = parseCapacityPlannerSettings({ resources: [{ name: 'data', kind: 'filesystem', selector: 'node_fs_used_bytes{mountpoint="/data"}' }] });
    const [resource] = settings.resources;
    expect(resource.usageMetrics).toEqual(['node_fs_used_bytes']);
    expect(resource.matcher?.matchesLabels({ mountpoint: '/data' })).toBe(true);
    expect(resource.matcher?.matchesLabels({ mountpoint: '/' })).toBe(false);
  });

  it.each([
    [{ resources: [{ name: 'x', kind: 'gpu' }] }, 'services.capacity-planner.resources.0.kind'],
    [{ resources: [{ name: 'x', kind: 'cpu', thresholds: { critical: 1.5 } }] }, 'services.capacity-planner.resources.0.thresholds.critical: must be at most 1'],
    [{ thresholds: { warning: 0.95 } }, 'services.capacity-planner.resources.0.thresholds.warning: must be below critical'],
    [{ resources: [{ name: 'x', kind: 'cpu', selector: '{cpu=~"["}' }] }, 'services.capacity-planner.resources.0.selector: invalid regex'],
    [{ resources: [{ name: 'q', kind: 'queue_depth' }] }, 'services.capacity-planner.resources.0.capacity: required'],
    [{ intervalMillis: 10 }, 'services.capacity-planner.intervalMillis'],
    [{ horizon: '48h' }, 'services.capacity-planner: Unrecognized key'],
  ])('fails on %j naming the key', (section, expected) => {
    expect(issuesOf(section).join('\n')).toContain(expected);
  });
});
