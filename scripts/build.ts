// Compiles src/ into dist/ (what bin/berth.js runs), copies the data files the modules read beside
// themselves, and stamps the build so `npm run berth` can tell when the sources are newer.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

/** Data files under src/ that code reads at run time (JSON schemas...), not sources or test fixtures. */
function dataFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : dataFiles(path);
    return entry.name.endsWith('.ts') ? [] : [path];
  });
}

for (const file of dataFiles(join(root, 'src'))) {
  const target = join(dist, relative(join(root, 'src'), file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
writeFileSync(join(dist, '.build-stamp'), 'written last by scripts/build.ts; newer sources mean dist/ is stale\n');
process.stderr.write(`built ${relative(process.cwd(), dist) || dist}/ from src/\n`);
