// `npm run berth -- …` in a checkout: rebuilds dist/ first when a source is newer than the last
// build, then runs the compiled CLI exactly as the installed `berth` command does. Plain JavaScript
// so that checking costs a few milliseconds, not a TypeScript compilation.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function newestChange(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestChange(path));
    else if (!/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(join(root, 'dist', '.build-stamp')).mtimeMs;
  } catch {
    return -1;
  }
}

const sources = Math.max(newestChange(join(root, 'src')), statSync(join(root, 'scripts', 'build.ts')).mtimeMs);
if (builtAt() < sources) {
  process.stderr.write('berth: sources changed since the last build; running npm run build…\n');
  // Compiler messages go to stderr: stdout belongs to the command's results.
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import('../bin/berth.cjs');
