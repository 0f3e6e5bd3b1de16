// Commands beyond validate/render/generate: verify, check, import, init.
import type { Command } from 'commander';
import { verifyCommand } from '../commands/verify.ts';
import { targetNames } from '../targets/index.ts';
import type { Output } from './output.ts';

export function registerExtraCommands(program: Command, output: Output, cwd: string): void {
  program
    .command('verify')
    .description('render the packaging on disk with each engine (helm, kustomize, ...) and compare it with the spec')
    .argument('[spec]', 'path of the spec', 'berth.yaml')
    .option('--out <dir>', 'directory the packaging was generated into (default: deploy/ beside the spec)')
    .option('-t, --target <list>', `only these targets: ${targetNames().join(', ')}`)
    .action(async (spec: string, options: { out?: string; target?: string }) => {
      const report = await verifyCommand({
        spec,
        out: options.out,
        targets: options.target,
        cwd,
        env: process.env,
        progress: (line) => output.progress(line),
      });
      output.stdout(`${report}\n`);
    });
}
