// What the repository already ships: image names from CI workflows (docker/build-push-action,
// docker/metadata-action, `docker push`), Helm charts (values image, probes, ports), Kustomize
// image overrides and plain manifests. Used to name images and compared with the code.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, type Node } from 'yaml';
import type { Evidence, Inferred } from './detection.ts';
import type { RepositoryFiles } from './repository-files.ts';
import { basenameOf, dirnameOf, lineOf, toPort } from './source-scan.ts';

export interface ImageSource {
  /** Registry and repository, without the tag. */
  readonly repository: string;
  readonly evidence: Evidence;
  /** The Dockerfile or build context the workflow builds it from, when it says. */
  readonly dockerfile?: string;
  readonly context?: string;
  /** True when a part came from `${{ github.repository }}`-style expressions init could not resolve. */
  readonly unresolved: boolean;
}

export interface ProbeSource {
  readonly kind: 'liveness' | 'readiness' | 'startup';
  readonly path?: string;
  readonly port?: number;
  readonly evidence: Evidence;
}

/** One workload as the repository's packaging describes it (a Helm chart's values, or a manifest). */
export interface PackagedWorkload {
  /** Chart name, or the container's name in a manifest. */
  readonly name: string;
  readonly image?: Inferred<string>;
  readonly ports: readonly Inferred<number>[];
  readonly probes: readonly ProbeSource[];
  /** Variables the packaging sets in the container (from templates too): a port it sets explains a different port. */
  readonly setsVariables: readonly string[];
  readonly appVersion?: Inferred<string>;
}

export interface ExistingPackaging {
  readonly images: readonly ImageSource[];
  readonly workloads: readonly PackagedWorkload[];
}

export interface RepositoryIdentity {
  /** `owner/name` of the repository on its forge (from the git remote), for `${{ github.repository }}`. */
  readonly repository?: string;
}

const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const SCRIPT = /(^|\/)(Makefile|Justfile|[^/]+\.sh)$/;

export function readExistingPackaging(files: RepositoryFiles, identity: RepositoryIdentity = {}): ExistingPackaging {
  const images: ImageSource[] = [];
  for (const path of files.list().filter((p) => WORKFLOW.test(p))) images.push(...readWorkflowImages(files.read(path) ?? '', path, identity));
  for (const path of files.list().filter((p) => SCRIPT.test(p) || WORKFLOW.test(p))) images.push(...readDockerCommands(files.read(path) ?? '', path, identity));
  const workloads: PackagedWorkload[] = [];
  const charts = files.list().filter((p) => basenameOf(p) === 'Chart.yaml');
  for (const chart of charts) workloads.push(readChart(files, chart));
  const chartDirectories = charts.map(dirnameOf);
  for (const path of files.list().filter((p) => /\.ya?ml$/.test(p) && !chartDirectories.some((d) => p.startsWith(`${d}/`)) && !WORKFLOW.test(p) && !/(^|\/)(berth|compose|docker-compose[^/]*|\.pre-commit-config|mkdocs)\.ya?ml$/.test(p))) {
    const text = files.read(path) ?? '';
    if (/^kind:\s*Kustomization\b/m.test(text) || basenameOf(path).startsWith('kustomization.')) images.push(...readKustomizeImages(text, path));
    else if (/^kind:\s*(Deployment|StatefulSet|DaemonSet)\b/m.test(text)) workloads.push(...readManifestWorkloads(text, path));
  }
  return { images: dedupeImages(images), workloads };
}

/** docker/build-push-action `tags:` and docker/metadata-action `images:`, with `${{ env.X }}` resolved. */
function readWorkflowImages(text: string, file: string, identity: RepositoryIdentity): ImageSource[] {
  let workflow: any;
  try {
    workflow = parseDocument(text).toJS();
  } catch {
    return [];
  }
  const images: ImageSource[] = [];
  for (const job of Object.values<any>(workflow?.jobs ?? {})) {
    const env = { ...(workflow?.env ?? {}), ...(job?.env ?? {}) };
    const steps: any[] = Array.isArray(job?.steps) ? job.steps : [];
    const metaImages = new Map<string, string[]>();
    for (const step of steps) {
      if (typeof step?.uses === 'string' && step.uses.startsWith('docker/metadata-action') && step.id) metaImages.set(step.id, splitList(step.with?.images));
    }
    for (const step of steps) {
      if (typeof step?.uses !== 'string') continue;
      const stepEnv = { ...env, ...(step.env ?? {}) };
      const push = (raw: string) => {
        const resolved = resolveExpressions(raw, stepEnv, identity);
        const repository = stripTag(resolved.text);
        if (!repository || !/^[a-z0-9][\w.-]*(:\d+)?(\/[\w.-]+)+$/i.test(repository.replace(/\$\{\{[^}]*\}\}/g, 'x'))) return;
        images.push({
          repository: repository.toLowerCase(),
          evidence: { file, line: lineOf(text, raw.split('\n')[0]), note: `${step.uses.split('@')[0]} pushes ${repository.toLowerCase()}` },
          ...(typeof step.with?.file === 'string' ? { dockerfile: step.with.file.replace(/^\.\//, '') } : {}),
          ...(typeof step.with?.context === 'string' ? { context: step.with.context.replace(/^\.\/?/, '') } : {}),
          unresolved: resolved.unresolved,
        });
      };
      if (step.uses.startsWith('docker/build-push-action')) {
        for (const tag of splitList(step.with?.tags)) {
          const meta = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.tags\s*\}\}$/.exec(tag);
          if (meta) for (const image of metaImages.get(meta[1]) ?? []) push(image);
          else push(tag);
        }
      }
    }
  }
  return images;
}

/** `docker push <image>` and `docker build -t <image>` in scripts and workflow `run:` steps. */
function readDockerCommands(text: string, file: string, identity: RepositoryIdentity): ImageSource[] {
  const images: ImageSource[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const m = /\bdocker\s+(?:push\s+|(?:buildx\s+)?build\b.*?\s(?:-t|--tag)[\s=]+)(["']?)([^\s"']+)\1/.exec(line);
    if (!m) return;
    const resolved = resolveExpressions(m[2], {}, identity);
    const repository = stripTag(resolved.text);
    if (!repository.includes('/') || /\$(?!\{\{)/.test(repository)) return;
    images.push({ repository: repository.toLowerCase(), evidence: { file, line: index + 1, note: `docker ${/push/.test(m[0]) ? 'push' : 'build -t'} ${repository.toLowerCase()}` }, unresolved: resolved.unresolved });
  });
  return images;
}

function readKustomizeImages(text: string, file: string): ImageSource[] {
  let value: any;
  try {
    value = parseDocument(text).toJS();
  } catch {
    return [];
  }
  const images: ImageSource[] = [];
  for (const image of Array.isArray(value?.images) ? value.images : []) {
    const repository = typeof image?.newName === 'string' ? image.newName : typeof image?.name === 'string' ? image.name : undefined;
    if (repository && repository.includes('/')) images.push({ repository: stripTag(repository).toLowerCase(), evidence: { file, line: lineOf(text, repository), note: `kustomize image ${repository}` }, unresolved: false });
  }
  return images;
}

function resolveExpressions(raw: string, env: Record<string, unknown>, identity: RepositoryIdentity): { text: string; unresolved: boolean } {
  let unresolved = false;
  const text = raw.trim().replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (whole, expression: string) => {
    const envMatch = /^env\.(\w+)$/.exec(expression);
    if (envMatch && typeof env[envMatch[1]] === 'string') return resolveExpressions(env[envMatch[1]] as string, env, identity).text;
    if (identity.repository) {
      if (expression === 'github.repository') return identity.repository;
      if (expression === 'github.repository_owner') return identity.repository.split('/')[0];
      if (expression === 'github.event.repository.name') return identity.repository.split('/')[1];
    }
    unresolved = true;
    return whole;
  });
  return { text, unresolved };
}

function splitList(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}

function stripTag(image: string): string {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

function dedupeImages(images: readonly ImageSource[]): ImageSource[] {
  const seen = new Map<string, ImageSource>();
  for (const image of images) {
    const known = seen.get(image.repository);
    if (!known || (known.unresolved && !image.unresolved)) seen.set(image.repository, image);
  }
  return [...seen.values()];
}

interface YamlLeaf {
  readonly path: readonly string[];
  readonly value: unknown;
  readonly line: number;
}

/** Every scalar leaf of a YAML document with its key path and line. */
function listLeaves(text: string): YamlLeaf[] {
  const lineCounter = new LineCounter();
  let contents: Node | null;
  try {
    contents = parseDocument(text, { lineCounter }).contents as Node | null;
  } catch {
    return [];
  }
  const leaves: YamlLeaf[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (isMap(node)) {
      for (const pair of node.items) if (isPair(pair) && isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, String(index)]));
    } else if (isScalar(node) && node.range) {
      leaves.push({ path, value: node.value, line: lineCounter.linePos(node.range[0]).line });
    }
  };
  walk(contents, []);
  return leaves;
}

const PROBE_KEY = /^(liveness|readiness|startup)Probe$/;
/** Keys that hold a port of something else than the app's container (Service, ingress, dependencies). */
const OTHER_PORT_OWNER = /^(service|services|ingress|redis|postgres|postgresql|mongodb|mysql|database|db|metrics|serviceMonitor|prometheus|.*Probe)$/i;

function readChart(files: RepositoryFiles, chart: string): PackagedWorkload {
  const directory = dirnameOf(chart);
  const chartText = files.read(chart) ?? '';
  const chartLeaves = listLeaves(chartText);
  const name = String(chartLeaves.find((l) => l.path.join('.') === 'name')?.value ?? basenameOf(directory));
  const appVersion = chartLeaves.find((l) => l.path.join('.') === 'appVersion');
  const valuesFile = `${directory}/values.yaml`;
  const values = files.read(valuesFile) ?? '';
  const leaves = listLeaves(values);
  const at = (leaf: YamlLeaf, note: string): Evidence => ({ file: valuesFile, line: leaf.line, note });
  let image: Inferred<string> | undefined;
  const repository = leaves.find((l) => l.path.slice(-2).join('.') === 'image.repository' && l.path.length <= 3 && typeof l.value === 'string');
  const registry = repository && leaves.find((l) => l.path.join('.') === [...repository.path.slice(0, -1), 'registry'].join('.'));
  if (repository) {
    const full = registry && typeof registry.value === 'string' && registry.value ? `${registry.value}/${repository.value}` : String(repository.value);
    image = { value: stripTag(full).toLowerCase(), evidence: at(repository, `${repository.path.join('.')}: ${full}`) };
  }
  const probes: ProbeSource[] = [];
  for (const leaf of leaves) {
    const probeIndex = leaf.path.findIndex((k) => PROBE_KEY.test(k));
    if (probeIndex < 0 || leaf.path[probeIndex + 1] !== 'httpGet') continue;
    const kind = leaf.path[probeIndex].replace('Probe', '') as ProbeSource['kind'];
    const key = leaf.path[probeIndex + 2];
    if (key !== 'path') continue;
    const portLeaf = leaves.find((l) => l.path.join('.') === [...leaf.path.slice(0, probeIndex + 2), 'port'].join('.'));
    probes.push({ kind, path: String(leaf.value), ...(portLeaf && toPort(String(portLeaf.value)) ? { port: toPort(String(portLeaf.value)) } : {}), evidence: at(leaf, `${leaf.path.join('.')}: ${String(leaf.value)}`) });
  }
  const ports: Inferred<number>[] = [];
  for (const leaf of leaves) {
    const key = leaf.path[leaf.path.length - 1];
    if (!/^(containerPort|targetPort|port|httpPort)$/.test(key) || leaf.path.slice(0, -1).some((k) => OTHER_PORT_OWNER.test(k))) continue;
    const port = toPort(String(leaf.value));
    if (port) ports.push({ value: port, evidence: at(leaf, `${leaf.path.join('.')}: ${port}`) });
  }
  const templates = files.list().filter((p) => p.startsWith(`${directory}/templates/`)).map((p) => files.read(p) ?? '').join('\n');
  const setsVariables = [...templates.matchAll(/-\s*name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*\n\s*value(?:From)?:/g)].map((m) => m[1]);
  return {
    name,
    ...(image ? { image } : {}),
    ports,
    probes,
    setsVariables: [...new Set(setsVariables)].sort(),
    ...(appVersion && appVersion.value !== undefined ? { appVersion: { value: String(appVersion.value), evidence: { file: chart, line: appVersion.line, note: `appVersion ${String(appVersion.value)}` } } } : {}),
  };
}

function readManifestWorkloads(text: string, file: string): PackagedWorkload[] {
  const lineCounter = new LineCounter();
  const workloads: PackagedWorkload[] = [];
  let documents;
  try {
    documents = parseAllDocuments(text, { lineCounter });
  } catch {
    return [];
  }
  for (const document of Array.isArray(documents) ? documents : []) {
    const value: any = document.toJS();
    if (!/^(Deployment|StatefulSet|DaemonSet)$/.test(value?.kind ?? '')) continue;
    for (const container of value?.spec?.template?.spec?.containers ?? []) {
      const line = (needle: string) => lineOf(text, needle);
      const ports = (container.ports ?? []).map((p: any) => toPort(String(p?.containerPort))).filter((p: number | undefined): p is number => p !== undefined);
      const probes: ProbeSource[] = [];
      for (const kind of ['liveness', 'readiness', 'startup'] as const) {
        const probe = container[`${kind}Probe`];
        if (probe?.httpGet?.path) probes.push({ kind, path: String(probe.httpGet.path), ...(toPort(String(probe.httpGet.port)) ? { port: toPort(String(probe.httpGet.port)) } : {}), evidence: { file, line: line(`${kind}Probe`), note: `${kind}Probe GET ${probe.httpGet.path}` } });
      }
      workloads.push({
        name: String(container.name ?? value?.metadata?.name ?? basenameOf(file)),
        ...(typeof container.image === 'string' ? { image: { value: stripTag(container.image).toLowerCase(), evidence: { file, line: line(container.image), note: `image ${container.image}` } } } : {}),
        ports: ports.map((p: number) => ({ value: p, evidence: { file, line: line(`containerPort: ${p}`), note: `containerPort ${p}` } })),
        probes,
        setsVariables: (container.env ?? []).map((e: any) => String(e?.name)).sort(),
      });
    }
  }
  return workloads;
}
