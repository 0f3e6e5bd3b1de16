// Repository files → Detection: finds every project (package.json, pyproject/requirements, go.mod,
// Cargo.toml, pom.xml/Gradle, *.csproj), asks its ecosystem which services it holds, names them,
// and matches each with a Dockerfile the repository already has. Pure: reads only through RepositoryFiles.
import { lintDockerfile } from '../policy-dockerfile/index.ts';
import { chooseAppVersion } from './app-version.ts';
import { comparePackaging, matchImages } from './compare-packaging.ts';
import type { DetectedService, Detection, ExistingDockerfile, Finding, SkippedProject } from './detection.ts';
import { detectDotnetProject } from './detect-dotnet.ts';
import { detectGoModule } from './detect-go.ts';
import { detectJavaProject } from './detect-java.ts';
import { detectNodeProject } from './detect-node.ts';
import { detectPythonProject } from './detect-python.ts';
import { detectRustCrate, isWorkspaceManifest } from './detect-rust.ts';
import { readDockerfileFacts, type DockerfileFacts } from './existing-dockerfile.ts';
import { readExistingPackaging } from './existing-packaging.ts';
import type { RepositoryFiles } from './repository-files.ts';
import { applyRepositorySettings } from './repository-settings.ts';
import type { DetectorResult, ServiceCandidate, SkippedCandidate } from './service-candidate.ts';
import { basenameOf, createScope, dirnameOf, isLoopback, type ProjectScope } from './source-scan.ts';

const COMPOSE_FILE = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/;
const DOCKERFILE = /^(Dockerfile|Containerfile)(\.[\w.-]+)?$|\.(Dockerfile|dockerfile|Containerfile)$/;
/** Dockerfiles for development or tests, not for the image that ships. */
const NON_PRODUCTION_DOCKERFILE = /[.-](dev|development|local|debug|test|tests|ci)$|^(dev|local|test)\.Dockerfile$/i;

const MANIFESTS: Record<string, RegExp> = {
  node: /^package\.json$/,
  python: /^(pyproject\.toml|requirements\.txt|Pipfile|setup\.py|manage\.py)$/,
  go: /^go\.mod$/,
  rust: /^Cargo\.toml$/,
  java: /^(pom\.xml|build\.gradle|build\.gradle\.kts)$/,
  dotnet: /\.csproj$/,
};

/** What the repository's git data says; the command reads it (RepositoryFiles leaves `.git` out). */
export interface RepositoryHistory {
  /** Tag names, any order. */
  readonly gitTags?: readonly string[];
  /** `owner/name` of the repository on its forge, from the `origin` remote. */
  readonly repository?: string;
}

export function detectRepository(files: RepositoryFiles, history: RepositoryHistory = {}): Detection {
  const paths = files.list();
  const byName = (pattern: RegExp) => paths.filter((p) => pattern.test(basenameOf(p)));
  const composeFiles = byName(COMPOSE_FILE);
  const dockerfiles = byName(DOCKERFILE);
  const dockerignores = paths.filter((p) => basenameOf(p) === '.dockerignore' || p.endsWith('.dockerignore'));
  const specFile = paths.find((p) => p === 'berth.yaml' || p === 'berth.yml');

  const roots = Object.fromEntries(Object.entries(MANIFESTS).map(([language, pattern]) => [language, sortUnique(byName(pattern).map(dirnameOf))])) as Record<keyof typeof MANIFESTS, string[]>;
  const allRoots = sortUnique(Object.values(roots).flat());
  const scope = (directory: string) => createScope(files, directory, allRoots);
  const rustWorkspaces = byName(/^Cargo\.toml$/).filter((p) => isWorkspaceManifest(files.read(p) ?? '')).map(dirnameOf);
  const javaBuildRoots = [
    ...byName(/^pom\.xml$/).filter((p) => /<modules>/.test(files.read(p) ?? '')),
    ...byName(/^settings\.gradle(\.kts)?$/).filter((p) => /\binclude\b/.test(files.read(p) ?? '')),
  ].map(dirnameOf);

  const scoped = (directory: string, detect: (s: ProjectScope) => DetectorResult) => {
    const projectScope = scope(directory);
    return { result: detect(projectScope), scope: projectScope };
  };
  const results = [
    ...roots.node.map((d) => scoped(d, detectNodeProject)),
    ...roots.python.map((d) => scoped(d, detectPythonProject)),
    ...roots.go.map((d) => scoped(d, detectGoModule)),
    ...roots.rust.map((d) => scoped(d, (s) => detectRustCrate(s, rustWorkspaces))),
    ...roots.java.map((d) => scoped(d, (s) => detectJavaProject(s, javaBuildRoots))),
    ...byName(MANIFESTS.dotnet).map((file) => scoped(dirnameOf(file), (s) => detectDotnetProject(s, file))),
  ];
  const serviceDirectories = results.flatMap((r) => r.result.services.map((c) => c.directory));
  const findings: Finding[] = [];
  const candidates = results
    .flatMap(({ result, scope: projectScope }) =>
      result.services.map((candidate) => {
        const applied = applyRepositorySettings(candidate, projectScope, { files, serviceDirectories });
        for (const note of applied.notes) findings.push({ code: 'init-example-disagrees', severity: 'info', message: note.value, evidence: note.evidence });
        return applied.candidate;
      }),
    )
    .sort((a, b) => compareText(`${a.directory}\0${a.nameHint}`, `${b.directory}\0${b.nameHint}`));
  const skippedCandidates = results.flatMap((r) => r.result.skipped);

  const todo: string[] = [];
  const claims = claimDockerfiles(candidates, dockerfiles.filter((d) => !NON_PRODUCTION_DOCKERFILE.test(basenameOf(d))), files);
  const unclaimed = dockerfiles.filter((d) => !NON_PRODUCTION_DOCKERFILE.test(basenameOf(d)) && ![...claims.values()].includes(d));
  const dockerOnly: ServiceCandidate[] = [];
  for (const path of unclaimed) {
    const directory = dirnameOf(path);
    if (candidates.some((c) => c.directory === directory || c.build.context === directory)) {
      todo.push(`${path} was not matched to a service; name the service it builds in its first comment, or rename it Dockerfile.<service>`);
    } else {
      dockerOnly.push(dockerfileOnlyCandidate(path, directory));
      claims.set(dockerOnly[dockerOnly.length - 1], path);
    }
  }

  const names = new Set<string>();
  const services: DetectedService[] = [...candidates, ...dockerOnly].map((candidate) => {
    const name = chooseUniqueName(candidate, names);
    const claimed = claims.get(candidate);
    return claimed ? withDockerfile(name, candidate, readDockerfileFacts(claimed, files.read(claimed) ?? ''), files.read(claimed) ?? '') : toService(name, candidate);
  });
  const skipped: SkippedProject[] = skippedCandidates
    .map((s: SkippedCandidate) => ({ name: sanitizeName(s.nameHint), directory: s.directory, reason: s.reason, evidence: s.evidence }))
    .sort((a, b) => compareText(`${a.directory}\0${a.name}`, `${b.directory}\0${b.name}`));
  if (services.length === 0 && composeFiles.length === 0) {
    todo.push('no service found: berth init recognises Node (Next.js, NestJS, Express, Fastify, Koa, Hono, Vite), Python (FastAPI, Django, Flask), Go, Rust, Spring Boot and ASP.NET Core projects, and Dockerfiles; write berth.yaml by hand from docs/spec-reference.md');
  }
  const packaging = readExistingPackaging(files, history.repository ? { repository: history.repository } : {});
  const images = matchImages(services, packaging);
  const withImages = services.map((s) => {
    const image = images.get(s.name);
    return image ? { ...s, image: { value: image.value, evidence: image.evidence } } : s;
  });
  findings.push(...comparePackaging(withImages, packaging.workloads));
  const version = chooseAppVersion(files, withImages.map((s) => ({ directory: s.directory, context: s.build.context })), packaging.workloads, history.gitTags ?? []);
  return {
    services: withImages.sort((a, b) => compareText(a.name, b.name)),
    skipped,
    composeFiles,
    dockerfiles,
    dockerignores,
    ...(specFile ? { specFile } : {}),
    todo,
    ...(version ? { version } : {}),
    findings: findings.sort((a, b) => compareText(`${a.evidence.file}\0${String(a.evidence.line).padStart(6, '0')}\0${a.message}`, `${b.evidence.file}\0${String(b.evidence.line).padStart(6, '0')}\0${b.message}`)),
  };
}

/** Each service takes at most one Dockerfile: its own folder's, else one in its build context that names it. */
function claimDockerfiles(candidates: readonly ServiceCandidate[], dockerfiles: readonly string[], files: RepositoryFiles): Map<ServiceCandidate, string> {
  const claims = new Map<ServiceCandidate, string>();
  const taken = new Set<string>();
  const claim = (candidate: ServiceCandidate, path: string | undefined) => {
    if (path && !taken.has(path) && !claims.has(candidate)) {
      claims.set(candidate, path);
      taken.add(path);
    }
  };
  const suffixed = (directory: string, name: string) =>
    dockerfiles.find((d) => dirnameOf(d) === directory && new RegExp(`^(Dockerfile[.-]${name}|${name}\\.Dockerfile)$`, 'i').test(basenameOf(d)));
  const plain = (directory: string) => dockerfiles.find((d) => dirnameOf(d) === directory && /^(Dockerfile|Containerfile)$/.test(basenameOf(d)));
  // Own folder first, so a context-level Dockerfile is not taken by the wrong service.
  for (const candidate of candidates) claim(candidate, suffixed(candidate.directory, candidate.nameHint));
  for (const candidate of candidates) {
    const sharing = candidates.filter((c) => c.directory === candidate.directory);
    if (sharing.length === 1) claim(candidate, plain(candidate.directory));
  }
  for (const candidate of candidates) {
    const context = candidate.build.context;
    claim(candidate, suffixed(context, candidate.nameHint));
    const contextFile = plain(context);
    if (!contextFile || taken.has(contextFile)) continue;
    const sharing = candidates.filter((c) => c.build.context === context || c.directory === context);
    const text = files.read(contextFile) ?? '';
    const mentions = [candidate.nameHint, candidate.build.kind === 'go' ? candidate.build.packagePath : candidate.directory].filter((m) => m && m !== '.');
    if (sharing.length === 1 || mentions.some((m) => new RegExp(`(^|[\\s/"'=])${escapeRegExp(m.replace(/^\.\//, ''))}([\\s/"']|$)`).test(text))) claim(candidate, contextFile);
  }
  return claims;
}

function dockerfileOnlyCandidate(path: string, directory: string): ServiceCandidate {
  return {
    nameHint: basenameOf(directory) || 'app',
    directory,
    language: 'unknown',
    framework: { value: 'dockerfile', evidence: { file: path, line: 0, note: 'a Dockerfile with no recognised project beside it' } },
    env: [],
    uses: [],
    writable: [],
    build: { kind: 'none', context: directory },
    todo: [],
    buildTodo: [],
  };
}

function toService(name: string, candidate: ServiceCandidate): DetectedService {
  const { nameHint: _nameHint, ...rest } = candidate;
  return { name, ...rest };
}

/** Merges what the existing Dockerfile says (port variables it sets, EXPOSE, USER) and lints it. */
function withDockerfile(name: string, candidate: ServiceCandidate, facts: DockerfileFacts, text: string): DetectedService {
  const service = toService(name, candidate);
  let port = service.port;
  const env = service.env.map((e) => e);
  const setPort = service.portVariable ? facts.env.get(service.portVariable) : undefined;
  if (setPort && Number(setPort.value) > 0 && service.portVariable) {
    port = { value: Number(setPort.value), evidence: setPort.evidence };
    const index = env.findIndex((e) => e.value.name === service.portVariable);
    if (index >= 0) env[index] = { value: { ...env[index].value, value: setPort.value }, evidence: setPort.evidence };
  } else if (!port && facts.exposes.length > 0) {
    port = { value: facts.exposes[0].port, evidence: facts.exposes[0].evidence };
  }
  // A port the Dockerfile supplies answers the detector's question about it.
  const todo = service.todo.filter((t) => !(port && t.startsWith('port:')));
  if (!service.port && port && facts.exposes.length > 1) {
    todo.push(`${facts.path} EXPOSEs ${facts.exposes.map((e) => e.port).join(', ')}; berth.yaml takes ${port.value} as the main port, list the others under \`ports:\``);
  }
  if (!port) todo.push(`port: neither the code nor ${facts.path} (no EXPOSE) says which port the service listens on; set \`port:\``);
  if (facts.userName) todo.push(`user: ${facts.path} runs as USER ${facts.userName}, a name; use its numeric UID there and set the same \`user:\` in berth.yaml`);
  if (facts.user === undefined && !facts.userName) todo.push(`user: ${facts.path} sets no non-root USER; add \`USER 10001\` and keep \`user: 10001\` in berth.yaml`);
  if (service.bindHost && isLoopback(service.bindHost.value) && !service.hostVariable && service.language === 'python' && !facts.bindsAllInterfaces) {
    todo.push(`${facts.path}: its command does not bind 0.0.0.0 and the server binds ${service.bindHost.value} by default (${service.bindHost.evidence.file}:${service.bindHost.evidence.line}); pass --host 0.0.0.0 / --bind 0.0.0.0:${port?.value ?? 'PORT'}`);
  }
  const dockerfile: ExistingDockerfile = {
    path: facts.path,
    ...(facts.user !== undefined ? { user: facts.user } : {}),
    ...(facts.userName !== undefined ? { userName: facts.userName } : {}),
    exposes: facts.exposes.map((e) => e.port),
    diagnostics: lintDockerfile(text, facts.path, port ? { expectedPort: port.value } : {}),
  };
  return { ...service, ...(port ? { port } : {}), env, dockerfile, todo };
}

function chooseUniqueName(candidate: ServiceCandidate, taken: Set<string>): string {
  const base = sanitizeName(candidate.nameHint);
  const parent = sanitizeName(basenameOf(dirnameOf(candidate.directory)) || 'app');
  for (const name of [base, `${parent}-${base}`.slice(0, 40).replace(/-+$/, '')]) {
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  for (let i = 2; ; i++) {
    const name = `${base.slice(0, 37)}-${i}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** A DNS label of at most 40 characters (berth.yaml component names). */
export function sanitizeName(hint: string): string {
  let name = hint
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(name)) name = `svc-${name}`.replace(/-+$/, '');
  return name.slice(0, 40).replace(/-+$/, '') || 'app';
}

function sortUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

