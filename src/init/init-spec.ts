// Detection → the files `berth init` writes: berth.yaml, a Dockerfile for each service that has none,
// and a .dockerignore for each new build context; plus a warning for every TODO left in berth.yaml.
// Pure: the command decides where to write, and planInitWrites keeps it from overwriting anything.
import { posix } from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import { lintDockerfile } from '../policy-dockerfile/index.ts';
import type { DetectedService, Detection, Inferred } from './detection.ts';
import { formatEvidence } from './detection.ts';
import { renderDockerignore, writeDockerfile } from './dockerfiles/index.ts';
import type { RepositoryFiles } from './repository-files.ts';
import { joinPath } from './source-scan.ts';
import { TODO_MARK, writeSpec, type ServicePackaging } from './write-spec.ts';

export interface InitOptions {
  /** App name (berth.yaml `name`, a DNS label). */
  readonly name: string;
  /** Image prefix; default `ghcr.io/<name>`. */
  readonly registry?: string;
}

export interface InitFile {
  readonly path: string;
  readonly content: string;
}

export interface InitResult {
  readonly files: InitFile[];
  readonly warnings: Diagnostic[];
}

export const SPEC_FILE = 'berth.yaml';

export function initSpec(detection: Detection, options: InitOptions): InitResult {
  const registry = (options.registry ?? `ghcr.io/${options.name}`).replace(/\/+$/, '');
  const existing = new Set([...detection.dockerfiles, ...detection.dockerignores]);
  const files: InitFile[] = [];
  const warnings: Diagnostic[] = [];
  const packaging = new Map<string, ServicePackaging>();
  const ignoreByContext = new Map<string, string[]>();

  for (const service of detection.services) {
    const found = options.registry === undefined && service.image ? describeFoundImage(service.image, options.name) : undefined;
    const image = found?.image ?? `${registry}/${service.name}`;
    const imageEvidence = found ? { imageEvidence: found.note } : {};
    if (service.dockerfile) {
      warnings.push(...service.dockerfile.diagnostics);
      packaging.set(service.name, {
        image,
        ...imageEvidence,
        dockerfile: service.dockerfile.path,
        context: posix.dirname(service.dockerfile.path),
        generated: false,
        ...(service.dockerfile.user !== undefined ? { user: service.dockerfile.user } : {}),
        todo: [],
      });
      continue;
    }
    const path = chooseDockerfilePath(service, existing);
    const context = service.build.context;
    const defaultPath = joinPath(context, 'Dockerfile');
    const buildCommand = `docker build${path === defaultPath ? '' : ` -f ${path}`} -t ${image}:<version> ${context || '.'}`;
    const generated = writeDockerfile({ service, path, buildCommand });
    if (!generated) {
      packaging.set(service.name, { image, ...imageEvidence, generated: false, todo: ['no Dockerfile and nothing to build one from: write one'] });
      continue;
    }
    existing.add(path);
    files.push({ path, content: generated.content });
    const lint = lintDockerfile(generated.content, path, service.port ? { expectedPort: service.port.value } : {});
    warnings.push(...lint);
    ignoreByContext.set(context, [...(ignoreByContext.get(context) ?? []), ...generated.ignore]);
    packaging.set(service.name, { image, ...imageEvidence, dockerfile: path, context, generated: true, buildCommand, user: generated.user, todo: [...service.buildTodo, ...generated.todo] });
  }

  for (const [context, entries] of [...ignoreByContext].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const path = joinPath(context, '.dockerignore');
    if (!existing.has(path)) files.push({ path, content: renderDockerignore(entries) });
  }

  // A berth.yaml needs at least one component: with none found there is nothing valid to write.
  if (detection.services.length > 0) {
    const spec = writeSpec(detection, options.name, packaging, options.registry === undefined);
    files.push({ path: SPEC_FILE, content: spec });
    warnings.push(...collectTodoWarnings(spec));
  }
  if (detection.specFile) {
    warnings.push({
      code: 'init-spec-exists',
      severity: 'warning',
      message: `${detection.specFile} already exists; init does not overwrite it`,
      position: { file: detection.specFile, line: 1, column: 1 },
      hint: 'Compare with the proposed berth.yaml (write it elsewhere), or remove the old one first.',
    });
  }
  if (detection.composeFiles.length > 0) {
    warnings.push({
      code: 'init-compose-found',
      severity: 'info',
      message: `found ${detection.composeFiles.join(', ')}: importing the Compose file describes the app more completely than detection`,
      position: { file: detection.composeFiles[0], line: 1, column: 1 },
      hint: `Run \`berth import compose ${detection.composeFiles.join(' ')}\`.`,
    });
  }
  for (const finding of detection.findings ?? []) {
    warnings.push({
      code: finding.code,
      severity: finding.severity,
      message: finding.message,
      position: { file: finding.evidence.file, line: Math.max(1, finding.evidence.line), column: 1 },
      hint: finding.code === 'init-packaging-disagrees' ? 'The existing packaging does not match the code; berth.yaml follows the code.' : 'berth.yaml follows the code; align the example file.',
    });
  }
  for (const note of detection.todo) {
    warnings.push({ code: 'init-todo', severity: 'warning', message: note, hint: 'See docs/init.md.' });
  }
  for (const skipped of detection.skipped) {
    warnings.push({
      code: 'init-not-a-service',
      severity: 'info',
      message: `${skipped.name} (${skipped.directory || '.'}) is not packaged: ${skipped.reason}`,
      position: { file: skipped.evidence.file, line: Math.max(1, skipped.evidence.line), column: 1 },
      hint: 'If it is a service, make it listen on a port (or add a Dockerfile) and run berth init again.',
    });
  }
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), warnings };
}

/**
 * The image name the repository already uses. Parts written as `${{ github.repository }}` that the
 * git remote did not resolve become `owner/<app>`, with a TODO naming what to replace.
 */
function describeFoundImage(found: Inferred<string>, app: string): { image: string; note: string } {
  const where = `${formatEvidence(found.evidence)}: ${found.evidence.note}`;
  if (!found.value.includes('${{')) return { image: found.value, note: where };
  const image = found.value
    .replace(/\$\{\{\s*github\.repository\s*\}\}/g, `owner/${app}`)
    .replace(/\$\{\{\s*github\.repository_owner\s*\}\}/g, 'owner')
    .replace(/\$\{\{[^}]*\}\}/g, app);
  return { image, note: `${TODO_MARK} replace "owner" with the repository owner (${where})` };
}

/** `<service dir>/Dockerfile`, or `Dockerfile.<service>` when that path is taken: never an existing file. */
function chooseDockerfilePath(service: DetectedService, taken: ReadonlySet<string>): string {
  const directory = service.directory;
  const candidates = [joinPath(directory, 'Dockerfile'), joinPath(directory, `Dockerfile.${service.name}`)];
  for (const candidate of candidates) if (!taken.has(candidate)) return candidate;
  for (let i = 2; ; i++) {
    const candidate = joinPath(directory, `Dockerfile.${service.name}-${i}`);
    if (!taken.has(candidate)) return candidate;
  }
}

/** One warning per TODO comment in berth.yaml, pointing at its line. */
function collectTodoWarnings(spec: string): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  spec.split('\n').forEach((line, index) => {
    const at = line.indexOf(`# ${TODO_MARK}`);
    if (at < 0) return;
    warnings.push({
      code: 'init-todo',
      severity: 'warning',
      message: line.slice(at + 2 + TODO_MARK.length).trim(),
      position: { file: SPEC_FILE, line: index + 1, column: at + 1 },
      hint: 'Fill in what berth.yaml asks for here, then remove the TODO comment.',
    });
  });
  return warnings;
}

export interface WritePlan {
  /** Files that do not exist yet. */
  readonly write: InitFile[];
  /** Paths that exist: init never overwrites them. */
  readonly kept: string[];
}

/** Splits the result into files to write and files that already exist (never overwritten). */
export function planInitWrites(result: InitResult, files: RepositoryFiles): WritePlan {
  const write: InitFile[] = [];
  const kept: string[] = [];
  for (const file of result.files) {
    if (files.read(file.path) !== undefined) kept.push(file.path);
    else write.push(file);
  }
  return { write, kept };
}
