// Bundles src/ into dist/ (what bin/berth.cjs runs) as CommonJS, because on Node 20 only a classic
// script can be loaded with V8's code cache (an ES module is compiled from scratch on every start):
// the command line (dist/berth.cjs), everything the commands run (dist/commands.cjs; each command's
// modules start only when it runs) and the error types both share (dist/diagnostics.cjs). The build
// then runs the main commands once on a bundled example, which leaves their code caches in
// dist/.code-cache/ (bin/berth.cjs writes one per command on first use; this is that first use).
// Copies the data files modules read beside themselves, and stamps the build so `npm run berth` can
// tell when the sources are newer.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { buildProgram } from '../src/cli/main.ts';
import { createMemoryOutput } from '../src/cli/output.ts';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

/** Modules whose bundled form differs from the sources': the source module → its stand-in. */
const STAND_INS: Record<string, string> = {
  // The CRD models' RE2 import → a module that loads RE2 only for a pattern that needs it.
  '@kubernetes-models/validate/runtime/re2': join(src, 'model', 'crd-pattern.ts'),
  // Grafana's SDK required from inside the bundle rather than from node_modules.
  './grafana-sdk.ts': join(src, 'model', 'dashboards', 'grafana-sdk.bundled.ts'),
};

const standIns: Plugin = {
  name: 'stand-ins',
  setup(build) {
    build.onResolve({ filter: /^(@kubernetes-models\/validate\/runtime\/re2|\.\/grafana-sdk\.ts)$/ }, (args) => ({ path: STAND_INS[args.path]! }));
    // tslib's CommonJS build for CommonJS callers (Grafana's SDK requires it from each of its 230
    // modules): its ES module would be copied into a new CommonJS object on every require.
    build.onResolve({ filter: /^tslib$/ }, (args) => (args.kind === 'require-call' ? { path: createRequire(args.importer).resolve('tslib') } : undefined));
  },
};

/** Where an import leads, resolved against the importing file. */
const target = (args: { path: string; resolveDir: string }) => join(args.resolveDir, args.path);

/** src/diagnostics.ts, from every bundle, is the one dist/diagnostics.cjs: `instanceof` holds across bundles. */
const sharedDiagnostics: Plugin = {
  name: 'shared-diagnostics',
  setup(build) {
    build.onResolve({ filter: /diagnostics\.ts$/ }, (args) =>
      target(args) === join(src, 'diagnostics.ts') && args.importer !== join(src, 'diagnostics.ts') ? { path: './diagnostics.cjs', external: true } : undefined,
    );
  },
};

/** import-compose → importCompose */
const camel = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** The command modules the command line imports (`await import('../commands/x.ts')`), by file name. */
const commandModules = new Set<string>();

/** In the command line's bundle, a command module comes from dist/commands.cjs, required and initialised on first use. */
const commandsApart: Plugin = {
  name: 'commands-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/commands\/[a-z-]+\.ts$/ }, (args) => {
      if (!args.importer.startsWith(join(src, 'cli'))) return undefined;
      const name = basename(args.path, '.ts');
      commandModules.add(name);
      return { path: name, namespace: 'command' };
    });
    build.onResolve({ filter: /^\.\/commands\.cjs$/ }, () => ({ path: './commands.cjs', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'command' }, (args) => ({ contents: `module.exports = require('./commands.cjs').${camel(args.path)}();`, loader: 'js' }));
  },
};

rmSync(dist, { recursive: true, force: true });
const common: BuildOptions = { bundle: true, platform: 'node', target: 'node20', legalComments: 'linked', logLevel: 'warning' };
/** A CommonJS bundle for bin/berth.cjs to load with the code cache. */
const script: BuildOptions = {
  ...common,
  format: 'cjs',
  // Less text for V8 to read on every start; names are kept, so profiles and stack traces still
  // read like the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  // Found at run time in the user's install: tsx runs generated Pulumi programs; the HCL parser and
  // re2 (for the few CRD schema patterns JavaScript cannot read) are WASM loaded beside their code.
  external: ['tsx', '@cdktf/hcl2json', 're2-wasm'],
  // Modules find berth's own files from their URL; in a bundle that is the bundle's.
  define: { 'import.meta.url': '__berthModuleUrl' },
  banner: { js: "const __berthModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

// Three bundles, so that `berth --help` reads only the command line: the command line, everything
// the commands run, and the error types both throw and catch.
await build({ ...script, entryPoints: [join(src, 'diagnostics.ts')], outfile: join(dist, 'diagnostics.cjs') });
await build({ ...script, entryPoints: [join(src, 'cli', 'main.ts')], outfile: join(dist, 'berth.cjs'), plugins: [sharedDiagnostics, commandsApart] });
await build({
  ...script,
  stdin: {
    // A function per command, so that only the command that runs initialises its modules.
    contents: [...commandModules].map((name) => `export const ${camel(name)} = () => require('./commands/${name}.ts');`).join('\n'),
    resolveDir: src,
    sourcefile: 'commands.ts',
    loader: 'ts',
  },
  outfile: join(dist, 'commands.cjs'),
  plugins: [standIns, sharedDiagnostics],
});

// bin/berth.cjs reads the bundles as Latin-1, the fastest decoding, which is only right for ASCII.
for (const bundle of ['diagnostics.cjs', 'berth.cjs', 'commands.cjs']) {
  const nonAscii = readFileSync(join(dist, bundle)).findIndex((byte) => byte > 0x7f);
  if (nonAscii >= 0) throw new Error(`dist/${bundle} holds a non-ASCII byte at offset ${nonAscii}: escape it in the source (\\u…)`);
}

// The Pulumi program host runs in its own process under tsx's loader, as an ES module.
await build({
  ...common,
  entryPoints: [join(src, 'targets', 'pulumi', 'mock-host.ts')],
  outfile: join(dist, 'targets', 'pulumi', 'mock-host.js'),
  format: 'esm',
  external: ['tsx'],
  banner: { js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);" },
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

// The names bin/berth.cjs keeps a code cache for, one per command (others share one).
const program = buildProgram(createMemoryOutput(), root);
writeFileSync(join(dist, 'commands.json'), `${JSON.stringify(program.commands.map((command) => command.name()))}\n`);

/** The commands whose code caches the build writes, each run once on the platform example. */
function warmCodeCaches(): void {
  const work = mkdtempSync(join(tmpdir(), 'berth-build-'));
  const spec = join(root, 'examples', 'platform', 'berth.yaml');
  const runs = [
    ['--help'],
    ['validate', spec],
    ['render', spec, '--env', 'production'],
    ['generate', spec, '--out', join(work, 'out')],
    ['check', spec],
  ];
  try {
    for (const args of runs) {
      const run = spawnSync(process.execPath, [join(root, 'bin', 'berth.cjs'), ...args], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      // A finding from `check` exits 1; anything else means the bundle is broken.
      if (run.status !== 0 && !(args[0] === 'check' && run.status === 1)) {
        throw new Error(`the built berth failed on \`berth ${args.join(' ')}\` (exit ${run.status}):\n${run.stderr}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

warmCodeCaches();
writeFileSync(join(dist, '.build-stamp'), 'written last by scripts/build.ts; newer sources mean dist/ is stale\n');
process.stderr.write(`built ${relative(process.cwd(), dist) || dist}/ from src/\n`);
