import { CapacityConfigError, parseCapacityConfig } from './config';

function errorOf(input: unknown): string {
  try {
    parseCapacityConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(CapacityConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('capacity config', () => {
  it('fills the default thresholds and the metric names of the resource kind', () => {
    const config = parseCapacityConfig({ resources: [{ name: 'root-disk', kind: 'filesystem' }] });
    const disk = config.resources[0];
    expect(disk.thresholds).toEqual({ warning: 0.8, critical: 0.9 });
    expect(disk.usageMetrics).toContain('system.filesystem.usage');
    expect(disk.limitMetrics).toContain('node_filesystem_size_bytes');
    expect(config.rules.immediateWithinMillis).toBe(86_400_000);
  });

  it('lets a resource override the global thresholds', () => {
    const config = parseCapacityConfig({ thresholds: { warning: 0.7 }, resources: [{ name: 'a', kind: 'cpu' }, { name: 'b', kind: 'cpu', thresholds: { warning: 0.6, critical: 0.75 } }] });
    expect(config.resources[0].thresholds).toEqual({ warning: 0.7, critical: 0.9 });
    expect(config.resources[1].thresholds).toEqual({ warning: 0.6, critical: 0.75 });
  });

  it('names the key of an unknown resource kind', () => {
    expect(errorOf({ resources: [{ name: 'x', kind: 'gpu' }] })).toMatch(/resources\.0\.kind: Invalid enum value/);
  });

  it('names the key of a threshold out of range', () => {
    expect(errorOf({ resources: [{ name: 'x', kind: 'cpu', thresholds: { critical: 1.5 } }] })).toMatch(/resources\.0\.thresholds\.critical: must be at most 1/);
    expect(errorOf({ thresholds: { warning: 0 }, resources: [{ name: 'x', kind: 'cpu' }] })).toMatch(/thresholds\.warning: must be above 0/);
  });

  it('rejects a warning threshold that is not below critical', () => {
    expect(errorOf({ resources: [{ name: 'x', kind: 'cpu', thresholds: { warning: 0.9, critical: 0.85 } }] })).toMatch(/resources\.0\.thresholds\.warning: must be below critical/);
  });

  it('names unknown keys, missing capacities and duplicate names', () => {
    expect(errorOf({ resources: [{ name: 'x', kind: 'cpu', treshold: 1 }] })).toMatch(/resources\.0: Unrecognized key\(s\) in object: 'treshold'/);
    expect(errorOf({ resources: [{ name: 'q', kind: 'queue_depth' }] })).toMatch(/resources\.0\.capacity: required for kind "queue_depth"/);
    expect(errorOf({ resources: [{ name: 'x', kind: 'cpu' }, { name: 'x', kind: 'memory' }] })).toMatch(/resources\.1\.name: duplicate/);
    expect(errorOf({ resources: [] })).toMatch(/resources: Array must contain at least 1/);
  });
});
