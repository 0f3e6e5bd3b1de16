// Commands that explain an app rather than package it: diff (what differs between environments)
// and report (one offline HTML page). Their modules load only when the command runs.
import { Option, type Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.ts';
import type { Output } from './output.ts';

export function registerPictureCommands(program: Command, output: Output, cwd: string): void {
  const printWarnings = (warnings: readonly Diagnostic[]) => warnings.forEach((w) => output.stderr(`${formatDiagnostic(w)}\n`));

  program
    .command('diff')
    .description('what differs between two environments: parameters, objects on one side only, workload sizes (the base when a side is omitted)')
    .argument('[spec]', 'path of the spec', 'berth.yaml')
    .option('--from <env>', 'environment on the left (default: the base)')
    .option('--to <env>', 'environment on the right (default: the base)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--objects', 'also list every differing field of the rendered objects, grouped by object')
    .addHelpText('after', '\nExamples:\n  berth diff --from dev --to production\n  berth diff --to prod -o markdown --objects   # the base against prod\n\nExit code 0 whether or not anything differs.')
    .action(async (spec: string, options: { from?: string; to?: string; output: 'text' | 'json' | 'markdown'; objects?: boolean }) => {
      const { diffCommand } = await import('../commands/diff.ts');
      const { text, warnings } = await diffCommand({ spec, from: options.from, to: options.to, output: options.output, objects: options.objects ?? false, cwd });
      printWarnings(warnings);
      output.stdout(text);
    });

  program
    .command('report')
    .description('write one offline HTML page: architecture pictures, environments side by side, parameters, check findings and verify results')
    .argument('[spec]', 'path of the spec', 'berth.yaml')
    .option('--out <file>', 'HTML file to write (default: report.html beside the spec)')
    .option('--deploy <dir>', 'where the packaging and berth verify\'s record are (default: deploy/ beside the spec)')
    .addHelpText('after', '\nThe page loads nothing from the network: open it from disk or a CI artefact.\nRun `berth verify` first to include which engines proved which environment.')
    .action(async (spec: string, options: { out?: string; deploy?: string }) => {
      const { reportCommand } = await import('../commands/report.ts');
      output.stdout(`${await reportCommand({ spec, out: options.out, deploy: options.deploy, cwd, progress: (line) => output.progress(line) })}\n`);
    });
}
