#!/usr/bin/env node
// Runs the compiled bundles in dist/, which `npm run build` writes (`npm ci` runs it as `prepare`),
// with V8's code cache: the bytecode of the functions a command ran last time, kept per command and
// bundle in dist/.code-cache/, so that a start compiles almost nothing. A cache is written the first
// time a command runs (the build runs the main ones) and again whenever V8 refuses it (another Node
// version, a rebuilt bundle). BERTH_CODE_CACHE=0 turns the cache off.
// A CommonJS script, not an ES module: Node starts one without its ES module loader, 6 ms sooner.
'use strict';
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { createRequire } = Module;
const { basename, dirname, join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const entry = join(dist, 'berth.cjs');

if (!existsSync(entry)) {
  process.stderr.write(`berth: the compiled files are missing (${dist}/); run \`npm run build\` in the berth checkout\n`);
  process.exit(70);
}

if (process.env.BERTH_CODE_CACHE !== '0') {
  // Each command has caches of its own (a cache holds only what its command ran); the build lists them.
  const commands = JSON.parse(readFileSync(join(dist, 'commands.json'), 'utf8'));
  const command = commands.includes(process.argv[2]) ? process.argv[2] : 'other';
  // Each Node version keeps caches of its own, so that two installed side by side do not overwrite
  // each other's on every run. V8 also refuses a cache made with other V8 flags (`--stack-size`, a
  // NODE_OPTIONS of `--max-old-space-size`); that run writes it again, and later runs with the same
  // flags use it. Node's own options (`--cpu-prof`, `--import`) leave it valid.
  const runtime = `${process.version}-${process.arch}`;
  const plainLoad = Module._extensions['.js'];
  // Node loads `.cjs` files with the `.js` loader; berth's bundles get this one instead.
  Module._extensions['.cjs'] = (module, filename) => {
    if (dirname(filename) !== dist) return plainLoad(module, filename);
    const cacheFile = join(dist, '.code-cache', `${command}.${basename(filename, '.cjs')}.${runtime}.bin`);
    let cachedData;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // No cache yet: this run writes it.
    }
    // The build checks that the bundles are ASCII, so Latin-1, the cheapest decoding, reads them exactly.
    const script = new Script(Module.wrap(readFileSync(filename, 'latin1')), { filename, cachedData });
    script.runInThisContext()(module.exports, createRequire(filename), module, filename, dist);
    if (cachedData === undefined || script.cachedDataRejected) {
      // After the command, so the cache holds every function it compiled. A read-only install keeps
      // running without one.
      process.once('exit', () => writeCache(cacheFile, script));
    }
  };
}

function writeCache(cacheFile, script) {
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  } catch {
    // Not writable: the next run compiles again.
  }
}

require(entry).main();
