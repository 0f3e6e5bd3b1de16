// The berth command line: parses flags, calls one command, prints, and maps errors to exit codes
// (0 ok; 1 findings, drift or a refused overwrite; 2 bad input or usage; 70 a bug in berth).
// Each command's module is imported only when that command runs, so `--help` and a single command
// load no more than they need.
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { FailedCheckError, formatDiagnostic, InputError, type Diagnostic } from '../diagnostics.ts';
import { TARGET_NAMES } from '../targets/target-names.ts';
import { registerExtraCommands } from './extra-commands.ts';
import { registerPictureCommands } from './picture-commands.ts';
import { createOutput, type Output } from './output.ts';

const EXIT = { ok: 0, failed: 1, input: 2, bug: 70 } as const;

export function buildProgram(output: Output, cwd: string): Command {
  const program = new Command('berth')
    .description('One berth.yaml in; Helm, Kustomize, manifests, Terraform, Pulumi and Compose out, proven equal.')
    .version(output.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.stdout(s), writeErr: (s) => output.stderr(s) });

  const printWarnings = (warnings: readonly Diagnostic[]) => warnings.forEach((w) => output.stderr(`${formatDiagnostic(w)}\n`));

  program
    .command('validate')
    .description('check berth.yaml and report every error with file:line:column')
    .argument('[spec]', 'path of the spec', 'berth.yaml')
    .action(async (spec: string) => {
      const { validateCommand } = await import('../commands/validate.ts');
      const { summary, warnings } = await validateCommand({ spec, cwd });
      printWarnings(warnings);
      output.stdout(`${summary}\n`);
    });

  program
    .command('render')
    .description('print the canonical Kubernetes objects of one environment (the base without --env), or its architecture picture with -o mermaid')
    .argument('[spec]', 'path of the spec', 'berth.yaml')
    .option('-e, --env <name>', 'environment to render')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json', 'mermaid']).default('yaml'))
    .action(async (spec: string, options: { env?: string; output: 'yaml' | 'json' | 'mermaid' }) => {
      const { renderCommand } = await import('../commands/render.ts');
      const { text, warnings } = await renderCommand({ spec, env: options.env, output: options.output, cwd });
      printWarnings(warnings);
      output.stdout(text);
    });

  program
    .command('generate')
    .description('write the packaging of every target and environment')
    .argument('[spec]', 'path of the spec', 'berth.yaml')
    .option('-t, --target <list>', `comma-separated targets: ${TARGET_NAMES.join(', ')} or all (github-actions writes .github/workflows/ at the repository root)`, 'all')
    .option('--out <dir>', 'output directory (default: deploy/ beside the spec)')
    .option('--force', 'overwrite files edited by hand since berth wrote them')
    .option('--keep-mine', 'keep hand-edited files and write the new versions beside them as <file>.berth-new')
    .addHelpText(
      'after',
      '\nWithout --target (or with all), a format that cannot write a field of the spec (Terraform: native sidecars,\nCronJob time zones) is left out, with where and why on stderr; named with --target, it is an error (exit code 2).\n' +
        '\nA component whose strategy is canary or blue-green (berth.yaml `strategy:`, per environment too) is written as an\nArgo Rollouts Rollout with its Services, Istio or Gateway API routing and AnalysisTemplates, in every target;\nthe generated READMEs say how to install the controller and promote, abort or undo a release\n(docs/progressive-delivery.md).\n' +
        '\nEach tree is written beside the old one and swapped in only when all are written. Stopped (Ctrl-C, SIGTERM)\nbefore the swap, generate removes what it wrote and exits 130 or 143, the packaging as it was.',
    )
    .action(async (spec: string, options: { target: string; out?: string; force?: boolean; keepMine?: boolean }) => {
      if (options.force && options.keepMine) throw new InputError('choose one of --force and --keep-mine');
      const { generateCommand } = await import('../commands/generate.ts');
      const summary = await generateCommand({
        spec,
        targets: options.target,
        out: options.out,
        onConflict: options.force ? 'overwrite' : options.keepMine ? 'keep-mine' : 'refuse',
        cwd,
        progress: (line) => output.progress(line),
        warn: printWarnings,
        version: output.version,
      });
      output.stdout(`${summary}\n`);
    });

  registerExtraCommands(program, output, cwd);
  registerPictureCommands(program, output, cwd);
  return program;
}

export async function run(argv: readonly string[], output: Output, cwd: string): Promise<number> {
  const program = buildProgram(output, cwd);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return output.exitCode ?? EXIT.ok;
  } catch (error) {
    return reportError(error, output);
  }
}

function reportError(error: unknown, output: Output): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    return EXIT.input;
  }
  if (error instanceof InputError) {
    for (const d of error.diagnostics) output.stderr(`${formatDiagnostic(d)}\n`);
    output.stderr(`berth: ${error.message}${error.diagnostics.length > 0 ? ` (${error.diagnostics.length} problem${error.diagnostics.length === 1 ? '' : 's'})` : ''}\n`);
    return EXIT.input;
  }
  if (error instanceof FailedCheckError) {
    output.stderr(`berth: ${error.message}\n`);
    return EXIT.failed;
  }
  // The disk refused (no space, no permission, a file where a directory should be): the machine's
  // state, not berth's, so said plainly, without a stack.
  if (isSystemError(error)) {
    output.stderr(`berth: ${error.message}\nCheck that the path exists as a directory, that it is writable and that the disk has room.\n`);
    return EXIT.input;
  }
  const message = error instanceof Error ? error.message : String(error);
  output.stderr(`berth: internal error: ${message}\nThis is a bug in berth; please report it with the spec that triggers it.\n`);
  if (process.env.BERTH_DEBUG && error instanceof Error) output.stderr(`${error.stack}\n`);
  return EXIT.bug;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** Runs berth with the process's arguments and streams (what `bin/berth.cjs` calls). */
export async function main(proc: NodeJS.Process = process): Promise<void> {
  proc.exitCode = await run(proc.argv.slice(2), createOutput(proc), proc.cwd());
  // The command is done: exit as soon as the streams have passed on what it wrote, rather than wait
  // for V8 to finish a garbage collection it has begun and take apart a heap nothing will use again.
  await flushed(proc.stdout);
  await flushed(proc.stderr);
  proc.exit();
}

/** Settles once everything written to `stream` so far has been handed to the system (or could not be). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => (stream.destroyed || !stream.writable ? resolve() : stream.write('', () => resolve())));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
