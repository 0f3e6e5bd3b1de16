// Compose files + .env/--env-file + profiles → one merged project, as `docker compose config` sees it:
// interpolated, relative paths joined to the project directory, includes and `extends` resolved,
// services outside the active profiles set aside.
import { posix } from 'node:path';
import { InputError, type Diagnostic, type SourcePosition } from '../../diagnostics.ts';
import { closestMatch } from '../../spec/did-you-mean.ts';
import { entryOf, isMapNode, isSeqNode, scalarText, valueOf, withoutEntry, type ComposeNode, type MapEntry, type MapNode } from './compose-node.ts';
import { dotenvMap, parseDotenv } from './dotenv.ts';
import { interpolateTree, type InterpolationScope } from './interpolate.ts';
import { mergeMaps } from './merge-compose.ts';
import { parseComposeYaml } from './parse-yaml.ts';
import type { Reporter } from './reporter.ts';
import { joinPath, resolvePaths } from './resolve-paths.ts';

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface LoadOptions {
  readonly envFiles: readonly SourceFile[];
  readonly profiles: readonly string[];
  readonly environ: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => string | undefined;
}

export interface ComposeProject {
  /** The project name as written (COMPOSE_PROJECT_NAME, top-level `name`, or the directory name). */
  readonly name: string;
  /** Directory every relative path is resolved against: the first file's directory. */
  readonly directory: string;
  readonly files: readonly string[];
  /** The merged top level (volumes, secrets, configs, networks...). */
  readonly root: MapNode;
  /** Services of the active profiles, in the order they were declared. */
  readonly services: readonly MapEntry[];
  /** The variables interpolation used (.env or --env-file, overridden by the environment). */
  readonly environment: ReadonlyMap<string, string>;
}

export const TOP_LEVEL_KEYS = ['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const;

export function loadProject(files: readonly SourceFile[], options: LoadOptions, reporter: Reporter): ComposeProject {
  if (files.length === 0) throw new InputError('no Compose file given', [{ code: 'compose-no-file', severity: 'error', message: 'no Compose file given', hint: 'Pass compose.yaml (and any override files, in order).' }]);
  const directory = posix.dirname(files[0].path.replace(/\\/g, '/'));
  const environment = readEnvironment(directory, options, reporter);
  const warnedUnset = new Set<string>();
  const scope: InterpolationScope = {
    lookup: (name) => environment.get(name),
    onUnset: (name, position) => {
      if (warnedUnset.has(name)) return;
      warnedUnset.add(name);
      reporter.warn('compose-variable-unset', `variable ${name} is not set; it is replaced by an empty string`, position, undefined, `Set ${name} in the environment or in .env beside the Compose file, or write a default: \${${name}:-value}.`);
    },
  };
  const loader = new FileLoader(options, scope, reporter);
  let root: MapNode | undefined;
  for (const file of files) {
    const loaded = loader.load(file.path, file.text, directory, []);
    root = root ? mergeMaps(root, loaded) : loaded;
  }
  root = root!;
  checkTopLevel(root, reporter);

  const servicesNode = valueOf(root, 'services');
  const declared = isMapNode(servicesNode) ? servicesNode.entries : [];
  const resolved = declared.map((entry) => ({ ...entry, value: loader.resolveExtends(entry, declared, []) }));
  const active = selectProfiles(resolved, options.profiles.length > 0 ? options.profiles : profilesFrom(environment), reporter, root.pos);

  const nameNode = valueOf(root, 'name');
  const name = environment.get('COMPOSE_PROJECT_NAME') || scalarText(nameNode) || posix.basename(posix.resolve('/', directory)) || 'app';
  return { name, directory, files: files.map((f) => f.path), root, services: active, environment };
}

function readEnvironment(directory: string, options: LoadOptions, reporter: Reporter): Map<string, string> {
  const environ = new Map(Object.entries(options.environ).filter((e): e is [string, string] => e[1] !== undefined));
  const envFiles: SourceFile[] = [...options.envFiles];
  if (envFiles.length === 0) {
    const path = joinPath(directory, '.env');
    const text = options.readFile(path);
    if (text !== undefined) envFiles.push({ path, text });
  }
  const fromFiles = new Map<string, string>();
  for (const file of envFiles) {
    const scope: InterpolationScope = {
      lookup: (name) => environ.get(name) ?? fromFiles.get(name),
      onUnset: (name, position) =>
        reporter.warn('compose-variable-unset', `variable ${name} is not set; it is replaced by an empty string`, position, undefined, `Set ${name} in the environment or define it earlier in ${file.path}.`),
    };
    for (const [name, value] of dotenvMap(parseDotenv(file.text, file.path, { scope }))) fromFiles.set(name, value);
  }
  // The shell environment wins over .env, as in Compose.
  return new Map([...fromFiles, ...environ]);
}

function profilesFrom(environment: ReadonlyMap<string, string>): string[] {
  return (environment.get('COMPOSE_PROFILES') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

class FileLoader {
  constructor(
    private readonly options: LoadOptions,
    private readonly scope: InterpolationScope,
    private readonly reporter: Reporter,
  ) {}

  /** One file: parsed, interpolated, v1 layout lifted under `services`, paths joined, includes merged in. */
  load(path: string, text: string, directory: string, chain: readonly string[]): MapNode {
    const parsed = parseComposeYaml(text, path);
    if (parsed === undefined) fail('compose-empty-file', `${path} is empty`, { file: path, line: 1, column: 1 }, 'A Compose file needs at least `services:`.');
    if (!isMapNode(parsed)) fail('compose-not-a-mapping', `${path} must be a mapping with a services key`, parsed.pos, 'Start the file with `services:`.');
    let root = interpolateTree(parsed, this.scope) as MapNode;
    root = this.liftVersionOne(root, path);
    root = resolvePaths(root, directory);
    return this.mergeIncludes(root, path, chain);
  }

  /** Version 1 files list services at the top level; docker compose no longer reads them. */
  private liftVersionOne(root: MapNode, path: string): MapNode {
    if (entryOf(root, 'services')) return root;
    const candidates = root.entries.filter((e) => !e.key.startsWith('x-'));
    const known = new Set<string>(TOP_LEVEL_KEYS);
    if (candidates.length === 0 || candidates.some((e) => known.has(e.key) || !isMapNode(e.value))) return root;
    if (!candidates.every((e) => entryOf(e.value, 'image') || entryOf(e.value, 'build'))) return root;
    this.reporter.warn(
      'compose-version-1',
      `${path} uses the version 1 layout (services at the top level), which docker compose no longer reads; it is read as if the services were under \`services:\``,
      root.pos,
      undefined,
      'Move the services under a top-level `services:` key so docker compose can read the file too.',
    );
    return { ...root, entries: [{ key: 'services', keyPos: root.pos, value: { kind: 'map', entries: candidates, pos: root.pos } }, ...root.entries.filter((e) => e.key.startsWith('x-'))] };
  }

  private mergeIncludes(root: MapNode, path: string, chain: readonly string[]): MapNode {
    const include = entryOf(root, 'include');
    if (!include) return root;
    let merged: MapNode | undefined;
    const items = isSeqNode(include.value) ? include.value.items : [include.value];
    for (const item of items) {
      const paths = isMapNode(item) ? valueOf(item, 'path') : item;
      const list = isSeqNode(paths) ? paths.items : paths ? [paths] : [];
      const projectDirectory = isMapNode(item) ? scalarText(valueOf(item, 'project_directory')) : undefined;
      if (isMapNode(item) && entryOf(item, 'env_file')) {
        this.reporter.warn('compose-include-env-file', 'include.env_file is not read: included files are interpolated with the main project environment', entryOf(item, 'env_file')!.keyPos, 'include.env_file', 'Define the variables in the main .env file.');
      }
      for (const pathNode of list) {
        const includePath = scalarText(pathNode);
        if (!includePath) continue;
        if (chain.includes(includePath) || includePath === path) fail('compose-include-cycle', `${includePath} includes itself`, pathNode.pos, 'Remove the include cycle.');
        const text = this.options.readFile(includePath);
        if (text === undefined) fail('compose-include-missing', `included file ${includePath} cannot be read`, pathNode.pos, 'Check the path (relative to the Compose file).');
        const loaded = this.load(includePath, text, projectDirectory ?? posix.dirname(includePath), [...chain, path]);
        merged = merged ? mergeWithoutConflicts(merged, loaded, pathNode.pos) : loaded;
      }
    }
    const own = withoutEntry(root, 'include');
    return merged ? mergeWithoutConflicts(merged, own, include.keyPos) : own;
  }

  /** A service with `extends` resolved (recursively, also from other files). */
  resolveExtends(entry: MapEntry, services: readonly MapEntry[], chain: readonly string[]): ComposeNode {
    const service = entry.value;
    const extendsEntry = entryOf(service, 'extends');
    if (!isMapNode(service) || !extendsEntry) return service;
    const spec = extendsEntry.value;
    const baseName = isMapNode(spec) ? scalarText(valueOf(spec, 'service')) : scalarText(spec);
    const file = isMapNode(spec) ? scalarText(valueOf(spec, 'file')) : undefined;
    if (!baseName) fail('compose-extends', 'extends needs the name of a service', extendsEntry.keyPos, 'Write `extends: { service: base, file: common.yaml }`.');
    const id = `${file ?? ''}#${baseName}`;
    if (chain.includes(id)) fail('compose-extends-cycle', `service ${entry.key} extends itself through ${baseName}`, extendsEntry.keyPos, 'Remove the extends cycle.');
    let pool = services;
    if (file) {
      const text = this.options.readFile(file);
      if (text === undefined) fail('compose-extends-missing', `extends.file ${file} cannot be read`, extendsEntry.keyPos, 'Check the path (relative to the Compose file that names it).');
      const other = this.load(file, text, posix.dirname(file), []);
      const node = valueOf(other, 'services');
      pool = isMapNode(node) ? node.entries : [];
    }
    const base = pool.find((e) => e.key === baseName);
    if (!base) {
      const suggestion = closestMatch(baseName, pool.map((e) => e.key));
      fail('compose-extends-unknown', `service ${entry.key} extends ${baseName}, which is not defined${file ? ` in ${file}` : ''}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, extendsEntry.keyPos, 'Name a service defined in that file.');
    }
    const resolvedBase = this.resolveExtends(base, pool, [...chain, id]);
    if (!isMapNode(resolvedBase)) return withoutEntry(service, 'extends');
    return mergeMaps(resolvedBase, withoutEntry(service, 'extends'));
  }
}

function mergeWithoutConflicts(a: MapNode, b: MapNode, position: SourcePosition): MapNode {
  for (const section of ['services', 'volumes', 'networks', 'secrets', 'configs']) {
    const left = valueOf(a, section);
    const right = valueOf(b, section);
    if (!isMapNode(left) || !isMapNode(right)) continue;
    const clash = right.entries.find((e) => left.entries.some((l) => l.key === e.key));
    if (clash && section === 'services') {
      fail('compose-include-conflict', `service ${clash.key} is defined both by an included file and by the file including it`, clash.keyPos, 'Rename one of them; include does not merge services.');
    }
  }
  return mergeMaps(a, b);
}

function checkTopLevel(root: MapNode, reporter: Reporter): void {
  for (const entry of root.entries) {
    if (entry.key.startsWith('x-')) continue;
    if (entry.key === 'version') {
      reporter.info('compose-version-obsolete', 'the top-level `version` is obsolete and ignored (as docker compose does)', entry.keyPos, 'version', 'Remove it.');
    } else if (entry.key === 'models') {
      reporter.warn('compose-unsupported', 'top-level `models` (AI models run by Docker) are not carried over', entry.keyPos, 'models', 'Run the model as a component with its own image, or use a hosted model API.');
    } else if (!(TOP_LEVEL_KEYS as readonly string[]).includes(entry.key)) {
      const suggestion = closestMatch(entry.key, [...TOP_LEVEL_KEYS]);
      reporter.warn('compose-unknown-key', `unknown top-level key "${entry.key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; docker compose refuses it and berth ignores it`, entry.keyPos, entry.key, `Allowed top-level keys: ${TOP_LEVEL_KEYS.join(', ')} and x-* extension fields.`);
    }
  }
}

function selectProfiles(services: readonly MapEntry[], profiles: readonly string[], reporter: Reporter, rootPosition: SourcePosition): MapEntry[] {
  const active: MapEntry[] = [];
  const all = profiles.includes('*');
  const seen = new Set<string>();
  for (const entry of services) {
    const node = valueOf(entry.value, 'profiles');
    const own = isSeqNode(node) ? node.items.map(scalarText).filter((p): p is string => !!p) : [];
    own.forEach((p) => seen.add(p));
    if (own.length === 0 || all || own.some((p) => profiles.includes(p))) {
      active.push(entry);
      continue;
    }
    reporter.info('compose-profile-inactive', `service ${entry.key} belongs to profile${own.length > 1 ? 's' : ''} ${own.join(', ')}, which ${own.length > 1 ? 'are' : 'is'} not active; it is left out`, entry.keyPos, `services.${entry.key}`, `Pass --profile ${own[0]} to import it.`);
  }
  if (active.length === 0) {
    const where = services[0]?.keyPos;
    const known = [...seen].sort();
    fail(
      'compose-no-service',
      services.length === 0 ? 'the Compose file defines no services' : `no service is selected: every service belongs to a profile that is not active (${known.join(', ')})`,
      where ?? rootPosition,
      services.length === 0 ? 'Add services under `services:`.' : `Activate a profile with --profile ${known[0]} (or --profile '*' for all).`,
    );
  }
  return active;
}

function fail(code: string, message: string, position: SourcePosition, hint: string): never {
  const diagnostic: Diagnostic = { code, severity: 'error', message, position, hint };
  throw new InputError(message, [diagnostic]);
}
