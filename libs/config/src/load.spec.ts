import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig, parseSection } from './index';

describe('loadConfig', () => {
  it('gives the embedded defaults with no input', () => {
    const config = loadConfig();
    expect(config.bus).toEqual({ kind: 'memory', partitions: 12 });
    expect(config.store).toEqual({ kind: 'chdb' });
    expect(config.listen.ingest).toEqual({ host: '127.0.0.1', port: 4318 });
    expect(config.listen.dashboardApi.port).toBe(8080);
  });

  it('reads the distributed setup from env', () => {
    const config = loadConfig({
      env: {
        VIGIL_BUS: 'kafka',
        VIGIL_KAFKA_BROKERS: 'k1:9092, k2:9092',
        VIGIL_STORE: 'clickhouse',
        VIGIL_CLICKHOUSE_URL: 'http://ch:8123',
        VIGIL_STATE: 'redis',
        VIGIL_REDIS_URL: 'redis://redis:6379',
        VIGIL_HTTP_HOST: '0.0.0.0',
        VIGIL_API_KEYS: 'abcdefghijklmnopqrstu:acme:admin',
      },
    });
    expect(config.bus).toEqual({ kind: 'kafka', brokers: ['k1:9092', 'k2:9092'], clientId: 'vigil', partitions: 12 });
    expect(config.state).toEqual({ kind: 'redis', url: 'redis://redis:6379', keyPrefix: 'vigil:' });
    expect(config.listen.ingest).toEqual({ host: '0.0.0.0', port: 4318 });
    expect(config.auth.apiKeys).toEqual([{ key: 'abcdefghijklmnopqrstu', tenant: 'acme', role: 'admin' }]);
  });

  it('names the bad key and the variable it came from', () => {
    expect(() => loadConfig({ env: { VIGIL_INGEST_PORT: 'eighty' } })).toThrow(
      /listen\.ingest\.port: Expected number, received string \(from VIGIL_INGEST_PORT\)/,
    );
  });

  it('reports every bad key of a YAML file at once, unknown keys included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
    const file = join(dir, 'vigil.yaml');
    writeFileSync(file, 'bus:\n  kind: kafka\n  brokers: []\nlogLevl: debug\n');
    try {
      loadConfig({ file });
      throw new Error('expected ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const issues = (error as ConfigError).issues.join('\n');
      expect(issues).toMatch(/bus\.brokers: Array must contain at least 1 element/);
      expect(issues).toMatch(/unknown key\(s\) 'logLevl'/);
    }
  });

  it('returns a frozen object', () => {
    const config = loadConfig();
    expect(Object.isFrozen(config.listen.ingest)).toBe(true);
  });

  it('parses a service section with the service schema and full key paths', () => {
    const config = loadConfig({ overrides: { services: { ingest: { maxBodyBytes: 'big' } } } });
    const schema = z.object({ maxBodyBytes: z.number().default(1) }).strict();
    expect(() => parseSection(config, 'ingest', schema)).toThrow(/services\.ingest\.maxBodyBytes: Expected number/);
    expect(parseSection(loadConfig(), 'ingest', schema)).toEqual({ maxBodyBytes: 1 });
  });
});
