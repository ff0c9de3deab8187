import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { engineSuite } from '@vigil/testing';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

// Real: Debian's prometheus-alertmanager 0.25 (one per scenario, 127.0.0.1, gossip off) and a
// local webhook receiver. Vigil side: the pure engine on a simulated clock. Nothing faked.
engineSuite('notifications identical to the real Alertmanager', ['alertmanager'], () => {
  it('gives the same tick-quantised notifications in every differential scenario', async () => {
    const { stdout } = await run(
      process.execPath,
      ['-r', 'reflect-metadata', '-r', '@swc-node/register', 'tools/bench/alertmanager.ts', '--json', '--random', '5', '--concurrency', '8'],
      { cwd: ROOT, timeout: 110_000 },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      // Exit code 1 means "not identical": the JSON on stdout says where.
      if (error.stdout) return { stdout: error.stdout };
      throw error;
    });
    const result = JSON.parse(stdout) as { scenarios: number; identical: number; differences: unknown[] };
    expect(result.differences).toEqual([]);
    expect(result.identical).toBe(result.scenarios);
    expect(result.scenarios).toBeGreaterThanOrEqual(15);
  }, 120_000);
});
