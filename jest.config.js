// Two tiers (STYLE.md §7): `*.spec.ts` beside the code is pure logic and runs in milliseconds;
// `*.int-spec.ts` under a project's `test/` talks to real engines (Kafka, ClickHouse, Redis,
// HTTP, SMTP) whose addresses come from env (see tools/engines/README.md).
const fs = require('node:fs');
const path = require('node:path');

const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] };
const roots = ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/apps', '<rootDir>/tools'];
const common = { transform, roots, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['**/*.int-spec.ts'], slowTestThreshold: 30 },
  ],
};
