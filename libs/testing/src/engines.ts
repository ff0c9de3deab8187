import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Real engines an integration test may need. Servers come from env, tools from PATH. */
export type Engine =
  | 'kafka'
  | 'redis'
  | 'clickhouse'
  | 'promtool'
  | 'prometheus'
  | 'alertmanager'
  | 'amtool'
  | 'docker-compose'
  | 'schemathesis';

/**
 * Env variable that carries each server's address. `.ci/run` and `npm run engines:start` set
 * them (tools/engines/); a developer can point them at engines of their own.
 */
export const ENGINE_ENV = {
  kafka: 'VIGIL_TEST_KAFKA_BROKERS',
  redis: 'VIGIL_TEST_REDIS_URL',
  clickhouse: 'VIGIL_TEST_CLICKHOUSE_URL',
} as const;

const BINARIES: Record<Exclude<Engine, keyof typeof ENGINE_ENV>, string> = {
  promtool: 'promtool',
  prometheus: 'prometheus',
  alertmanager: 'prometheus-alertmanager',
  amtool: 'amtool',
  'docker-compose': 'docker-compose',
  schemathesis: 'schemathesis',
};

/** Tools tools/engines/install.sh puts under .engines/ rather than on PATH (a Python venv). */
const INSTALLED: Partial<Record<Engine, string>> = {
  schemathesis: resolve(__dirname, '../../../.engines/schemathesis/bin/schemathesis'),
};

function onPath(binary: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The engine's address (server) or absolute path (tool), or undefined when it is not configured. */
export function engineAddress(engine: Engine): string | undefined {
  if (engine in ENGINE_ENV) return process.env[ENGINE_ENV[engine as keyof typeof ENGINE_ENV]] || undefined;
  const installed = INSTALLED[engine];
  if (installed && existsSync(installed)) return installed;
  return onPath(BINARIES[engine as keyof typeof BINARIES]);
}

/**
 * `describe` for a suite that needs real engines. Under CI=true a missing engine fails the
 * suite (the brief: an integration test never skips in CI). Elsewhere the suite is reported as
 * skipped, with the command that starts the engines, so `npm test` on a bare laptop still runs
 * every unit test.
 */
export function engineSuite(name: string, engines: Engine[], body: (addresses: Record<string, string>) => void): void {
  const addresses: Record<string, string> = {};
  const missing: Engine[] = [];
  for (const engine of engines) {
    const address = engineAddress(engine);
    if (address) addresses[engine] = address;
    else missing.push(engine);
  }
  if (missing.length === 0) {
    describe(name, () => body(addresses));
    return;
  }
  const why = `needs ${missing.join(', ')}: run \`npm run engines:start\` (see tools/engines/README.md)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`has its engines (${why})`, () => {
        throw new Error(`Integration suite "${name}" ${why}`);
      });
    });
    return;
  }
  const skipped = describe.skip;
  skipped(`${name} [${why}]`, () => body(addresses));
}
