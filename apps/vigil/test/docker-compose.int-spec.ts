import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_NAMES } from '@vigil/config';
import { engineSuite } from '@vigil/testing';

// No Docker engine runs on this machine kind, so docker-compose.yml is checked statically:
// Debian's docker-compose validates it offline, and the rules `--scale` needs are checked here.
const file = join(__dirname, '..', '..', '..', 'docker-compose.yml');

interface ComposeService {
  container_name?: string;
  ports?: string[];
  command?: string[];
  environment?: Record<string, string>;
}

engineSuite('docker-compose.yml', ['docker-compose'], ({ 'docker-compose': binary }) => {
  const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };

  it('is valid for docker-compose', () => {
    expect(() => execFileSync(binary, ['-f', file, 'config', '-q'], { stdio: 'pipe' })).not.toThrow();
  });

  it('runs kafka, clickhouse, redis, grafana and each of the seven services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['clickhouse', 'grafana', 'kafka', 'redis', ...SERVICE_NAMES].sort());
    for (const name of SERVICE_NAMES) {
      expect(compose.services[name].command).toEqual(['start', '--service', name]);
      expect(compose.services[name].environment).toMatchObject({ VIGIL_BUS: 'kafka', VIGIL_STORE: 'clickhouse', VIGIL_STATE: 'redis' });
    }
  });

  it('lets every Vigil service scale: no container_name, no single fixed host port', () => {
    for (const name of SERVICE_NAMES) {
      const service = compose.services[name];
      expect(service.container_name).toBeUndefined();
      for (const port of service.ports ?? []) {
        // "127.0.0.1:4318-4320:4318": a host range (one port per replica) on loopback only.
        expect(port).toMatch(/^127\.0\.0\.1:\d+-\d+:\d+$/);
      }
    }
  });
});
