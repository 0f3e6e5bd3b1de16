// Commands beyond the core (verify, check, import, init) register here as they are built.
import type { Command } from 'commander';
import type { Output } from './output.ts';

export function registerExtraCommands(_program: Command, _output: Output, _cwd: string): void {}
