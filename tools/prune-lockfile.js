#!/usr/bin/env node
// Keeps package-lock.json installable with `npm ci` on this project's machines.
//
// The npm registry reachable from Vigil's build machines serves only the linux-x64 builds of
// packages with native binaries (@swc/core, chdb, @bufbuild/buf, …). `npm install` therefore
// cannot record the other platforms' optional packages, yet `npm ci` insists that every
// optionalDependencies entry has a lock record and refuses with "Missing: … from lock file".
// This drops the optional edges that have no record, which is exactly what npm would install
// here anyway. Run it after changing dependencies (`npm run lock:prune`); .ci/run's `npm ci`
// fails loudly if it was forgotten. See docs/decisions/007-lockfile-platform-optionals.md.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

/** Whether `name` resolves from the package at `from` (walking up node_modules folders like Node). */
function resolves(from, name) {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir) return false;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

let dropped = 0;
for (const [location, entry] of Object.entries(packages)) {
  if (!entry.optionalDependencies) continue;
  for (const name of Object.keys(entry.optionalDependencies)) {
    if (resolves(location, name)) continue;
    delete entry.optionalDependencies[name];
    dropped++;
  }
  if (Object.keys(entry.optionalDependencies).length === 0) delete entry.optionalDependencies;
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`prune-lockfile: dropped ${dropped} optional edge(s) this registry cannot serve`);
