#!/usr/bin/env node
// `npm test`: every jest project (unit + integration), then one plain closing line
// "tests: N passed, N failed, N skipped" that CI reads. Engine addresses come from the
// environment; if `npm run engines:start` wrote .engines/env, it is read here so a developer
// does not have to source it. Extra arguments go to jest (e.g. `npm test -- libs/bus`).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const envFile = path.join(root, '.engines', 'env');
if (fs.existsSync(envFile)) {
  for (const line of fs.readFileSync(envFile, 'utf8').split('\n')) {
    const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match && !process.env[match[1]]) process.env[match[1]] = match[2];
  }
}

// As in bin/vigil.js: chDB queries and the bus journal's fsyncs share the libuv pool.
process.env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE || '16';

const resultsFile = path.join(root, '.cache', 'jest-results.json');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });
const jest = require.resolve('jest/bin/jest');
const run = spawnSync(
  process.execPath,
  [jest, '--maxWorkers=2', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root, env: process.env },
);

let summary = 'tests: 0 passed, 1 failed (jest wrote no results)';
if (fs.existsSync(resultsFile)) {
  const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  summary = `tests: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
}
console.log(summary);
process.exit(run.status ?? 1);
