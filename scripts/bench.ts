// `npm run bench`: how fast the built berth command is, as a user runs it, next to references
// measured in the same run on the same machine (`node -e 0`, real `helm template`), so figures from
// different machines can be compared by their ratios. Figures, not assertions. Results on stdout,
// progress on stderr. `--quick` takes fewer samples and skips the 1000-component spec.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bundledEngines } from '../src/engines/index.ts';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'berth.cjs');
const quick = process.argv.includes('--quick');
const work = mkdtempSync(join(tmpdir(), 'berth-bench-'));

// Reported by the measured process itself on exit: the peak resident set of the whole process.
const REPORT_RSS =
  "process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nberth-bench-max-rss='+u.maxRSS+' cpu='+(u.userCPUTime+u.systemCPUTime)+'\\n')})";

interface Run {
  readonly ms: number;
  /** Peak RSS in MiB and CPU time (user + system) in ms, when asked for. */
  readonly rssMiB?: number;
  readonly cpuMs?: number;
}

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/** Runs a command to completion, its output discarded; fails the bench if it fails. */
function run(command: string, args: readonly string[], options: { cwd?: string; rss?: boolean } = {}): Promise<Run> {
  const argv = options.rss && command === process.execPath ? [`--import=data:text/javascript,${encodeURIComponent(REPORT_RSS)}`, ...args] : args;
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, argv, { cwd: options.cwd ?? root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`));
      const usage = /berth-bench-max-rss=(\d+) cpu=(\d+)/.exec(stderr);
      resolve({ ms, rssMiB: usage ? Number(usage[1]) / 1024 : undefined, cpuMs: usage ? Number(usage[2]) / 1000 : undefined });
    });
  });
}

const berth = (args: readonly string[], options: { cwd?: string; rss?: boolean } = {}) => run(process.execPath, [bin, ...args], options);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `a` and `b` alternately, `count` times each, so both see the same machine load. */
async function paired(count: number, a: () => Promise<Run>, b: () => Promise<Run>): Promise<[number, number]> {
  await a();
  await b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < count; i++) {
    as.push((await a()).ms);
    bs.push((await b()).ms);
  }
  return [median(as), median(bs)];
}

/** A spec of `components` services and three environments, each overriding replicas, resources, image tags and autoscaling. */
function syntheticSpec(components: number): string {
  const lines = ['name: bench', 'version: 1.0.0', 'components:'];
  for (let i = 0; i < components; i++) {
    lines.push(`  svc-${i}:`, `    image: ghcr.io/acme/svc-${i}`, '    port: 8080', '    health: { http: /healthz }', '    env: { LOG_LEVEL: info }');
    lines.push('    resources: { cpu: 100m..200m, memory: 128Mi..256Mi }');
    if (i % 2 === 0) lines.push('    autoscale: { min: 2, max: 6 }');
  }
  const environments = [
    { name: 'dev', replicas: 1, cpu: '50m..100m', memory: '64Mi..128Mi', autoscale: 'false', tag: 'dev' },
    { name: 'staging', replicas: 2, cpu: '100m..250m', memory: '128Mi..256Mi', autoscale: '{ min: 2, max: 5, cpu: 70 }', tag: 'staging' },
    { name: 'prod', replicas: 3, cpu: '250m..500m', memory: '256Mi..512Mi', autoscale: '{ min: 3, max: 12, cpu: 60 }', tag: 'v1.0.0' },
  ];
  lines.push('environments:');
  for (const e of environments) {
    lines.push(`  ${e.name}:`, `    namespace: bench-${e.name}`, `    replicas: ${e.replicas}`, `    resources: { cpu: ${e.cpu}, memory: ${e.memory} }`, `    autoscale: ${e.autoscale}`, '    components:');
    for (let i = 0; i < components; i++) lines.push(`      svc-${i}: { image: { tag: ${e.tag}-${i % 7} }${i % 5 === 0 ? `, replicas: ${e.replicas + 1}` : ''} }`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every file under a directory, with its size, relative to it. */
function filesUnder(directory: string, prefix = ''): { path: string; size: number }[] {
  return readdirSync(join(directory, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = join(prefix, entry.name);
    return entry.isDirectory() ? filesUnder(directory, path) : [{ path, size: statSync(join(directory, path)).size }];
  });
}

// The floor a disk sets: a Node process that only creates the same files with as many bytes each,
// one after another on one thread, as berth's writer thread does.
const WRITE_FILES = `
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const [manifest, out] = process.argv.slice(2);
const files = JSON.parse(readFileSync(manifest, 'utf8'));
for (const directory of new Set(files.map(({ path }) => dirname(join(out, path))))) mkdirSync(directory, { recursive: true });
for (const { path, size } of files) writeFileSync(join(out, path), 'x'.repeat(size));`;

interface Generated {
  readonly ms: number;
  readonly rssMiB: number;
  readonly cpuMs: number;
  /** How many files the run wrote, and how long writing them alone takes on this machine. */
  readonly files: number;
  readonly writeFilesMs: number;
}

/**
 * `generate --target all` into a fresh directory, `count` times: median wall time, highest peak RSS.
 * The outputs are removed only once every figure is taken: an ext4 file system without a journal (the
 * disk of this kind of VM) does not reuse an inode freed in the last 5 to 10 minutes and scans past
 * each such inode for every file it creates, so a run right after thousands of deletions spends
 * seconds in the kernel that have nothing to do with berth.
 */
async function generateFresh(spec: string, count: number): Promise<Generated> {
  const runs: Run[] = [];
  let files: { path: string; size: number }[] = [];
  const name = basename(spec, '.yaml');
  for (let i = 0; i < count; i++) {
    const out = join(work, `${name}-out-${i}`);
    runs.push(await berth(['generate', spec, '--target', 'all', '--out', out], { rss: true }));
    if (i === 0) files = filesUnder(out);
  }
  const manifest = join(work, `${name}-files.json`);
  const writer = join(work, 'write-files.mjs');
  writeFileSync(manifest, JSON.stringify(files));
  writeFileSync(writer, WRITE_FILES);
  const writes: number[] = [];
  for (let i = 0; i < count; i++) {
    const out = join(work, `${name}-files-${i}`);
    writes.push((await run(process.execPath, [writer, manifest, out])).ms);
  }
  return {
    ms: median(runs.map((r) => r.ms)),
    rssMiB: Math.max(...runs.map((r) => r.rssMiB ?? 0)),
    cpuMs: median(runs.map((r) => r.cpuMs ?? 0)),
    files: files.length,
    writeFilesMs: median(writes),
  };
}

const rows: string[][] = [];
function row(figure: string, value: string, reference: string, ratio: string, goal: string): void {
  rows.push([figure, value, reference, ratio, goal]);
}
const ms = (value: number) => `${value.toFixed(0)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'berth.cjs'))) throw new Error('dist/ is missing: run `npm run build` first');
  const load = loadavg()[0];
  const samples = quick ? 5 : 20;
  const pairs = quick ? 5 : 15;

  progress(`node -e 0 and berth --help, ${samples} paired runs…`);
  const [node, help] = await paired(samples, () => run(process.execPath, ['-e', '0']), () => berth(['--help']));
  row('berth --help', ms(help), `node -e 0: ${ms(node)}`, (help / node).toFixed(2), '≤ 1.5');

  progress('generating the platform chart for helm template…');
  const platform = join(work, 'platform');
  await berth(['generate', join(root, 'examples', 'platform', 'berth.yaml'), '--target', 'helm', '--out', platform]);
  const { helm4 } = await bundledEngines();
  const chart = join(platform, 'helm', 'platform');
  progress(`berth render and helm template (platform, production), ${pairs} paired runs…`);
  const [render, template] = await paired(
    pairs,
    () => berth(['render', join(root, 'examples', 'platform', 'berth.yaml'), '--env', 'production']),
    () => run(helm4.path, ['template', 'platform', chart, '-f', join(chart, 'values-production.yaml'), '--namespace', 'platform-production']),
  );
  row('render platform --env production', ms(render), `helm template: ${ms(template)}`, (render / template).toFixed(2), '≤ 1.5');

  const spec200 = join(work, 'bench-200.yaml');
  writeFileSync(spec200, syntheticSpec(200));
  progress('generate --target all, 200 components × 3 environments…');
  const g200 = await generateFresh(spec200, quick ? 1 : 3);
  row(
    'generate all, 200 components × 3 envs',
    `${seconds(g200.ms)}, ${g200.rssMiB.toFixed(0)} MiB peak (CPU ${seconds(g200.cpuMs)})`,
    `writing its ${g200.files} files alone: ${seconds(g200.writeFilesMs)}`,
    '',
    '< 2 s, < 200 MiB',
  );

  if (!quick) {
    const spec1000 = join(work, 'bench-1000.yaml');
    writeFileSync(spec1000, syntheticSpec(1000));
    progress('generate --target all, 1000 components × 3 environments…');
    const g1000 = await generateFresh(spec1000, 1);
    row(
      'generate all, 1000 components × 3 envs',
      `${seconds(g1000.ms)}, ${g1000.rssMiB.toFixed(0)} MiB peak (CPU ${seconds(g1000.cpuMs)})`,
      `200 components: ${seconds(g200.ms)}; writing its ${g1000.files} files alone: ${seconds(g1000.writeFilesMs)}`,
      `${(g1000.ms / g200.ms).toFixed(2)} (CPU ${(g1000.cpuMs / g200.cpuMs).toFixed(2)})`,
      '≤ 5, < 600 MiB',
    );
  }

  progress('verify todo-chatbot (every target × environment)…');
  const todo = join(work, 'todo');
  const todoSpec = join(todo, 'berth.yaml');
  mkdirSync(todo, { recursive: true });
  copyFileSync(join(root, 'examples', 'todo-chatbot', 'berth.yaml'), todoSpec);
  await berth(['generate', todoSpec]);
  const verifies: number[] = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) verifies.push((await berth(['verify', todoSpec])).ms);
  row('verify todo-chatbot (18 pairs)', seconds(median(verifies)), '', '', '< 5 s');

  const header = [`berth bench: node ${process.version}, ${cpus().length} CPUs, load average ${load.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`, `node -e 0: ${ms(node)} (median of ${samples})`];
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...[['figure', 'value', 'reference', 'ratio', 'goal'], ...rows].map((r) => r[i].length)));
  const format = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write(`${header.join('\n')}\n\n${[format(['figure', 'value', 'reference', 'ratio', 'goal']), ...rows.map(format)].join('\n')}\n`);
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
