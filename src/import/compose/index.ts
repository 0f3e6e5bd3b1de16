// `berth import compose` as a library: Compose files (+ .env, --env-file, profiles) in, berth.yaml
// text and the warnings of everything not carried over out. Pure: the caller reads and writes files.
import { InternalError, type Diagnostic } from '../../diagnostics.ts';
import { loadSpec } from '../../spec/load.ts';
import { buildSpec } from './build-spec.ts';
import { loadProject, type SourceFile } from './load-project.ts';
import { Reporter } from './reporter.ts';
import { writeSpec } from './write-spec.ts';

export interface ImportComposeOptions {
  /** --env-file files, in order; when empty, `.env` beside the first Compose file is read through readFile. */
  readonly envFiles: readonly SourceFile[];
  /** --profile values; when empty, COMPOSE_PROFILES from the environment or .env. */
  readonly profiles: readonly string[];
  /** The shell environment (it wins over .env, as in Compose). */
  readonly environ: Readonly<Record<string, string | undefined>>;
  /** Reads a file the Compose files refer to (env files, bind-mounted files, configs); undefined when it cannot. */
  readonly readFile: (path: string) => string | undefined;
  /** What the `$schema` line points at (default: the schema published with berth). */
  readonly schema?: string;
}

export interface ImportComposeResult {
  readonly specYaml: string;
  readonly warnings: Diagnostic[];
}

export const DEFAULT_SCHEMA = 'https://unpkg.com/berth-k8s/berth.schema.json';

/** Throws InputError (with file:line:column diagnostics) for input docker compose would refuse too. */
export function importCompose(files: readonly SourceFile[], options: ImportComposeOptions): ImportComposeResult {
  const reporter = new Reporter();
  const project = loadProject(files, options, reporter);
  const draft = buildSpec(project, options.readFile, reporter);
  const names = project.files.map((f) => f.split('/').pop()).join(', ');
  const specYaml = writeSpec(draft.spec, draft.comments, [
    `yaml-language-server: $schema=${options.schema ?? DEFAULT_SCHEMA}`,
    `Imported from ${names} by \`berth import compose\`. This file is now the source of truth:`,
    'read the comments and the warnings the import printed, then run `berth validate` and `berth check`.',
  ]);
  const loaded = loadSpec(specYaml, 'berth.yaml');
  if (!loaded.ok) {
    const problems = loaded.diagnostics.map((d) => `${d.position?.line}:${d.position?.column} ${d.message}`).join('; ');
    throw new InternalError(`the imported spec does not validate (${problems})`);
  }
  return { specYaml, warnings: reporter.diagnostics(project.files) };
}

export type { SourceFile };
