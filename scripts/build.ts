// Bundles src/ into dist/ (what bin/berth.js runs): one module for the command line, one chunk per
// command and what only it needs, loaded on demand. Copies the data files modules read beside
// themselves, and stamps the build so `npm run berth` can tell when the sources are newer.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: [join(src, 'cli', 'main.ts'), join(src, 'targets', 'pulumi', 'mock-host.ts')],
  outbase: src,
  outdir: dist,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Found at run time in the user's install: tsx runs generated Pulumi programs; the HCL parser and
  // re2 (the regular expressions of the prometheus-operator schemas) are WASM loaded beside their code.
  external: ['tsx', '@cdktf/hcl2json', 're2-wasm'],
  // Bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});

/** Data files under src/ that code reads at run time (JSON schemas...), not sources or test fixtures. */
function dataFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : dataFiles(path);
    return entry.name.endsWith('.ts') ? [] : [path];
  });
}

for (const file of dataFiles(src)) {
  const target = join(dist, relative(src, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
writeFileSync(join(dist, '.build-stamp'), 'written last by scripts/build.ts; newer sources mean dist/ is stale\n');
process.stderr.write(`built ${relative(process.cwd(), dist) || dist}/ from src/\n`);
