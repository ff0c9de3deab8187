#!/usr/bin/env node
// The `vigil` command. Vigil runs its TypeScript directly through @swc-node/register (no build
// step: docs/decisions/003-typescript-at-runtime.md); reflect-metadata must load before Nest.
'use strict';
// chDB runs each query on a libuv pool thread, and the embedded bus's journal fsyncs there too:
// with the default 4 threads a busy store starves the journal (ingest measured 424 ms p50
// publishes). Must be set before anything touches the pool.
process.env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE || '16';
const path = require('node:path');
// Compile with the workspace's tsconfig (decorator metadata on) wherever vigil is started from.
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', '..', '..', 'tsconfig.json');
require('reflect-metadata');
require('@swc-node/register');
require('../src/cli.ts').main(process.argv).catch((error) => {
  process.stderr.write(`vigil: ${error && error.message ? error.message : error}\n`);
  process.exit(1);
});
