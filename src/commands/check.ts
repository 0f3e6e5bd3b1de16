// `berth check`: policy findings over the canonical objects of every environment (pointing at the
// berth.yaml line that produced each value), or over any Kubernetes YAML given with -f.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isIgnoredPath } from '../init/index.ts';
import { lintDockerfile } from '../policy-dockerfile/index.ts';
import { InputError, type Diagnostic, type Severity, type SourcePosition } from '../diagnostics.ts';
import { resolveEnvironment, sourceOf, type AppModel, type ResolvedObject } from '../model/resolve.ts';
import {
  checkObjects,
  formatSarif,
  isFailure,
  locateFindings,
  parseManifests,
  type ManifestDocument,
  type PolicyException,
  type PolicyFinding,
} from '../policy/index.ts';
import { loadModel } from './load-model.ts';
import { findUnknownRules } from './unknown-rules.ts';

export interface CheckCommandOptions {
  readonly spec?: string;
  readonly files?: readonly string[];
  readonly format: 'text' | 'json' | 'sarif';
  readonly failOn: Severity;
  readonly cwd: string;
  readonly version: string;
  readonly progress?: (line: string) => void;
}

export interface LocatedFinding extends PolicyFinding {
  readonly environment?: string;
  readonly position?: SourcePosition;
}

export interface CheckResult {
  readonly text: string;
  readonly failed: boolean;
}

export async function checkCommand(options: CheckCommandOptions): Promise<CheckResult> {
  const progress = options.progress ?? (() => {});
  const findings = options.files?.length ? await checkManifestFiles(options.files, options.cwd) : await checkSpec(options.spec, options.cwd, progress);
  const failures = findings.filter((f) => isFailure(f, options.failOn));
  return { text: formatFindings(findings, options), failed: failures.length > 0 };
}

/** Findings of every environment of the spec at `specPath`, with their berth.yaml positions. */
export async function checkSpec(specPath: string | undefined, cwd: string, progress: (line: string) => void): Promise<LocatedFinding[]> {
  const { model, path } = await loadModel(specPath, cwd);
  const spec = model.spec.base;
  // A Job runs its component's pod, so the component's exceptions hold for it too.
  const exceptions: PolicyException[] = spec.components.flatMap((c) =>
    [c.name, ...spec.jobs.filter((j) => j.component === c.name).map((j) => j.name)].flatMap((owner) =>
      c.exceptions.map((e) => ({ rule: e.rule, component: owner, reason: e.reason })),
    ),
  );
  const unknown = findUnknownRules(model);
  if (unknown.length > 0) throw new InputError('the spec names policy rules that do not exist', unknown);
  const environments = model.registry.environments.length > 0 ? model.registry.environments : [undefined];
  const findings: LocatedFinding[] = await lintDockerfilesBeside(path, spec.components, cwd);
  for (const environment of environments) {
    progress(`checking ${environment ?? 'the base'}…`);
    const resolved = resolveEnvironment(model, environment);
    const byObject = new Map(resolved.map((r) => [`${r.object.kind}/${r.object.metadata.name}`, r]));
    const environmentExceptions = (environment ? model.spec.environments.get(environment)?.environmentExceptions ?? [] : []).map((e) => ({ rule: e.rule, reason: e.reason }));
    for (const finding of checkObjects(resolved.map((r) => r.object), { exceptions: [...exceptions, ...environmentExceptions] })) {
      const origin = byObject.get(finding.object);
      const position = origin ? (environment && overrideSource(model, environment, origin, finding.path)) || sourceOf(origin, finding.path) : undefined;
      findings.push({ ...finding, environment, position });
    }
  }
  return findings;
}

/**
 * When an environment's override produced the value, point at the override: the parameter that
 * governs the field and differs from the base, at its line under `environments.<env>`.
 */
function overrideSource(model: AppModel, environment: string, origin: ResolvedObject, path: string): SourcePosition | undefined {
  const prefix = `${origin.template.kind} ${origin.template.id} `;
  const related = (field: string) => field === path || field.startsWith(`${path}.`) || path.startsWith(`${field}.`) || path.startsWith(`${field}[`) || field.startsWith(`${path}[`);
  const positions = model.spec.base.positions;
  for (const parameter of model.registry.overridesFor(environment)) {
    if (!parameter.governs.some((g) => g.startsWith(prefix) && related(g.slice(prefix.length)))) continue;
    // The component's own override, or an environment-wide value (`environments.dev.replicas`).
    const specific = `environments.${environment}.${parameter.specPath}`;
    const wide = `environments.${environment}.${parameter.specPath.replace(/^components\.[^.]+\./, '')}`;
    for (const candidate of [specific, wide]) {
      for (let parts = candidate.split('.'); parts.length > (candidate === wide ? 2 : 4); parts = parts.slice(0, -1)) {
        const position = positions.get(parts.join('.'));
        if (position) return position;
      }
    }
  }
  return undefined;
}

/**
 * The Dockerfiles of the app (under the spec's directory, skipping dependencies and build output),
 * linted as findings. A Dockerfile in a directory named like a component must EXPOSE its port.
 */
async function lintDockerfilesBeside(specPath: string, components: AppModel['spec']['base']['components'], cwd: string): Promise<LocatedFinding[]> {
  const root = dirname(specPath);
  const findings: LocatedFinding[] = [];
  const walk = async (directory: string, depth: number): Promise<void> => {
    if (depth > 6) return;
    for (const entry of (await readdir(directory, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(directory, entry.name);
      const relativePath = relative(root, path).split('\\').join('/');
      if (entry.isDirectory()) {
        if (!isIgnoredPath(`${relativePath}/`) && entry.name !== 'deploy' && !entry.name.startsWith('.')) await walk(path, depth + 1);
      } else if (/^Dockerfile(\..+)?$|\.Dockerfile$/.test(entry.name)) {
        const component = components.find((c) => c.name === basename(directory));
        const shown = relative(cwd, path) || path;
        for (const d of lintDockerfile(await readFile(path, 'utf8'), shown, { expectedPort: component?.ports[0]?.port })) {
          findings.push({ rule: d.code, severity: d.severity, object: `Dockerfile ${shown}`, path: '', message: d.message, hint: d.hint ?? '', position: d.position });
        }
      }
    }
  };
  await walk(root, 0);
  return findings;
}

async function checkManifestFiles(paths: readonly string[], cwd: string): Promise<LocatedFinding[]> {
  const files: string[] = [];
  for (const path of paths) files.push(...(await yamlFilesUnder(resolve(cwd, path), cwd, path)));
  if (files.length === 0) throw new InputError(`no .yaml or .yml files found in ${paths.join(', ')}`);
  const documents: ManifestDocument[] = [];
  const errors: Diagnostic[] = [];
  for (const file of files) {
    const parsed = parseManifests(await readFile(resolve(cwd, file), 'utf8'), file);
    documents.push(...parsed.documents);
    errors.push(...parsed.errors);
  }
  if (errors.length > 0) throw new InputError('the manifests cannot be read', errors);
  const locate = locateFindings(documents);
  return checkObjects(documents.map((d) => d.object)).map((finding) => ({ ...finding, position: locate(finding) }));
}

async function yamlFilesUnder(absolute: string, cwd: string, given: string): Promise<string[]> {
  let info;
  try {
    info = await stat(absolute);
  } catch {
    throw new InputError(`${given}: no such file or directory`);
  }
  if (info.isFile()) return [relative(cwd, absolute) || absolute];
  const found: string[] = [];
  for (const entry of (await readdir(absolute, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const child = join(absolute, entry.name);
    if (entry.isDirectory()) found.push(...(await yamlFilesUnder(child, cwd, given)));
    else if (/\.ya?ml$/.test(entry.name)) found.push(relative(cwd, child));
  }
  return found;
}

function formatFindings(findings: readonly LocatedFinding[], options: CheckCommandOptions): string {
  if (options.format === 'json') {
    return `${JSON.stringify({ findings, failOn: options.failOn, failures: findings.filter((f) => isFailure(f, options.failOn)).length }, null, 2)}\n`;
  }
  if (options.format === 'sarif') {
    return `${JSON.stringify(formatSarif(findings, options.version, (f) => (f as LocatedFinding).position), null, 2)}\n`;
  }
  const lines = findings.map((f) => {
    const where = f.position ? `${f.position.file}:${f.position.line}:${f.position.column} ` : '';
    const scope = f.environment ? `[${f.environment}] ` : '';
    const status = f.excepted ? `excepted (${f.excepted.reason})` : f.severity;
    const doc = f.object.startsWith('Dockerfile ') ? 'docs/dockerfile-rules.md' : `docs/rules/${f.rule}.md`;
    return `${where}${status} ${f.rule}: ${scope}${f.object}${f.path ? ` ${f.path}` : ''}: ${f.message}${f.excepted ? '' : `\n    hint: ${f.hint} (${doc})`}`;
  });
  const active = findings.filter((f) => !f.excepted);
  const count = (s: Severity) => active.filter((f) => f.severity === s).length;
  lines.push(
    `${active.length === 0 ? 'no findings' : `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info`}${
      findings.length > active.length ? `; ${findings.length - active.length} excepted` : ''
    }`,
  );
  return `${lines.join('\n')}\n`;
}
