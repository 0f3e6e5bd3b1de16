// Commands beyond validate/render/generate: verify, check, import, init. Like main.ts, each action
// imports its command's module when it runs.
import { Option, type Command } from 'commander';
import { FailedCheckError, formatDiagnostic } from '../diagnostics.ts';
import type { Severity } from '../diagnostics.ts';
import { TARGET_NAMES } from '../targets/target-names.ts';
import type { Output } from './output.ts';

export function registerExtraCommands(program: Command, output: Output, cwd: string): void {
  program
    .command('verify')
    .description('render the packaging on disk with each engine (helm, kustomize, ...) and compare it with the spec')
    .argument('[spec]', 'path of the spec', 'berth.yaml')
    .option('--out <dir>', 'directory the packaging was generated into (default: deploy/ beside the spec)')
    .option('-t, --target <list>', `only these targets: ${TARGET_NAMES.join(', ')}`)
    .action(async (spec: string, options: { out?: string; target?: string }) => {
      const { verifyCommand } = await import('../commands/verify.ts');
      const { report, failure } = await verifyCommand({
        spec,
        out: options.out,
        targets: options.target,
        cwd,
        env: process.env,
        progress: (line) => output.progress(line),
        version: output.version,
      });
      // The result goes to stdout whether it passes or not; only the verdict of a failure to stderr.
      output.stdout(`${report}\n`);
      if (failure) throw new FailedCheckError(failure);
    });

  program
    .command('check')
    .description('policy findings (security and best practice) for every environment, or for any Kubernetes YAML with -f')
    .argument('[spec]', 'path of the spec', 'berth.yaml')
    .option('-f, --file <path...>', 'check these Kubernetes YAML files or directories instead of a spec')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists').choices(['error', 'warning', 'info']).default('error'))
    .action(async (spec: string, options: { file?: string[]; format: 'text' | 'json' | 'sarif'; failOn: Severity }) => {
      const { checkCommand } = await import('../commands/check.ts');
      const result = await checkCommand({ spec, files: options.file, format: options.format, failOn: options.failOn, cwd, version: output.version, progress: (line) => output.progress(line) });
      output.stdout(result.text);
      if (result.failed) output.exitCode = 1;
    });

  const importing = program.command('import').description('start a berth.yaml from what you already have');
  importing
    .command('compose')
    .description('convert Compose files (merged in order, with .env and profiles) into berth.yaml')
    .argument('<file...>', 'compose.yaml / docker-compose.yml files, merged in order')
    .option('-o, --output <file>', 'where to write the spec (- for stdout)', 'berth.yaml')
    .option('--env-file <file...>', 'env files for interpolation instead of .env')
    .option('--profile <name...>', 'enable Compose profiles')
    .option('--force', 'replace an existing output file')
    .action(async (files: string[], options: { output: string; envFile?: string[]; profile?: string[]; force?: boolean }) => {
      const { importComposeCommand } = await import('../commands/import-compose.ts');
      const result = await importComposeCommand({
        files,
        output: options.output,
        envFiles: options.envFile ?? [],
        profiles: options.profile ?? [],
        force: options.force ?? false,
        cwd,
        environ: process.env,
      });
      for (const warning of result.warnings) output.stderr(`${formatDiagnostic(warning)}\n`);
      if (result.specYaml) output.stdout(result.specYaml);
      else output.stdout(`${result.summary}\n`);
    });

  program
    .command('init')
    .description('detect the services of a repository and write berth.yaml (+ Dockerfiles where missing)')
    .argument('[dir]', 'repository directory', '.')
    .option('--name <name>', 'app name (default: the directory name)')
    .option('--registry <prefix>', 'image prefix, e.g. ghcr.io/acme (default: ghcr.io/<name>)')
    .option('--ignore-compose', 'detect from the sources even when a Compose file exists')
    .option('-y, --yes', 'no questions: accept what detection found (the default without a terminal)')
    .action(async (dir: string, options: { name?: string; registry?: string; ignoreCompose?: boolean; yes?: boolean }) => {
      const { initCommand } = await import('../commands/init.ts');
      const result = await initCommand({
        directory: dir,
        name: options.name,
        registry: options.registry,
        ignoreCompose: options.ignoreCompose ?? false,
        cwd,
        environ: process.env,
        progress: (line) => output.progress(line),
        ...(!options.yes && process.stdin.isTTY && process.stderr.isTTY ? { review: { input: process.stdin, output: process.stderr } } : {}),
      });
      for (const warning of result.warnings) output.stderr(`${formatDiagnostic(warning)}\n`);
      output.stdout(`${result.summary}\n`);
    });
}
