import { DEFAULT_DETECT_CONFIG, DetectConfigError, configForMetric, makeDetectConfig } from './config';

describe('detect config', () => {
  it('fills defaults and freezes', () => {
    const c = makeDetectConfig({ sensitivity: 2 });
    expect(c.sensitivity).toBe(2);
    expect(c.warmupPoints).toBe(DEFAULT_DETECT_CONFIG.warmupPoints);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names the bad key', () => {
    expect(() => makeDetectConfig({ sensitivity: 50 })).toThrow(DetectConfigError);
    expect(() => makeDetectConfig({ alarmScore: 1 })).toThrow(/alarmScore/);
  });

  it('overrides sensitivity per metric, exact name before the longest prefix', () => {
    const base = makeDetectConfig();
    const overrides = { 'http_*': 0.5, 'http_server_*': 2, http_server_errors: 3 };
    expect(configForMetric(base, overrides, 'http_server_errors').sensitivity).toBe(3);
    expect(configForMetric(base, overrides, 'http_server_latency').sensitivity).toBe(2);
    expect(configForMetric(base, overrides, 'http_client_latency').sensitivity).toBe(0.5);
    expect(configForMetric(base, overrides, 'cpu')).toBe(base);
  });
});
