// Detection → berth.yaml text: every inferred value carries a comment naming the file:line it came
// from, and every gap a `TODO:` comment saying what to fill in. Written with the yaml Document API
// so the comments sit on the lines they explain.
import { posix } from 'node:path';
import { Document, Pair, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { DependencyKind, DetectedService, Detection, EnvVariable, Inferred } from './detection.ts';
import { formatEvidence } from './detection.ts';
import { ENV_EXAMPLE_FILES } from './env-variables.ts';
import { isLoopback } from './source-scan.ts';

export interface ServicePackaging {
  readonly image: string;
  /** Where the image name was read (CI workflow, chart, manifest); absent when init made it up. */
  readonly imageEvidence?: string;
  /** The Dockerfile that builds the image (generated or existing). */
  readonly dockerfile?: string;
  /** The build context the Dockerfile is built in (repository-relative; empty for the root). */
  readonly context?: string;
  readonly generated: boolean;
  readonly buildCommand?: string;
  /** Numeric USER of that Dockerfile, when known. */
  readonly user?: number;
  /** Notes from generating the Dockerfile. */
  readonly todo: readonly string[];
}

export const SPEC_VERSION = '0.1.0';
export const TODO_MARK = 'TODO:';

export function writeSpec(detection: Detection, name: string, packaging: ReadonlyMap<string, ServicePackaging>, registryGuessed: boolean): string {
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  const node = <T extends Node>(value: unknown, comment?: string): T => {
    const created = doc.createNode(value) as T;
    if (comment) created.comment = ` ${comment}`;
    return created;
  };
  const flow = (value: unknown, comment?: string) => {
    const created = node<YAMLMap>(value, comment);
    created.flow = true;
    return created;
  };
  const add = (map: YAMLMap, key: string, value: Node, before: readonly string[] = []) => {
    const keyNode = node<Scalar>(key);
    if (before.length > 0) keyNode.commentBefore = before.map((line) => ` ${line}`).join('\n');
    map.items.push(new Pair(keyNode, value));
  };

  doc.commentBefore = [
    ' berth.yaml written by `berth init`: every value says where it was read (file:line);',
    ` every "${TODO_MARK}" is something the repository does not say. Fill those in, then run`,
    ' `berth validate` and `berth render`.',
  ].join('\n');
  add(root, 'name', node(name));
  const version = detection.version;
  add(root, 'version', version ? node(version.value, `${cite(version)}; the default image tag`) : node(SPEC_VERSION, `${TODO_MARK} no release tag or manifest version found; set the version you release (the default image tag)`));

  const components = node<YAMLMap>({});
  for (const service of detection.services) {
    const pack = packaging.get(service.name)!;
    const component = node<YAMLMap>({});
    const before: string[] = [describeService(service, pack)];
    for (const note of [...service.todo, ...pack.todo]) before.push(`${TODO_MARK} ${note}`);
    const hostNote = describeBindHost(service, pack);
    if (hostNote) before.push(hostNote);

    add(component, 'image', node(pack.image, pack.imageEvidence ?? 'tag: the app version'), pack.buildCommand ? [`build: ${pack.buildCommand}`] : []);
    if (pack.dockerfile && pack.context !== undefined) {
      const context = pack.context === '' ? '.' : pack.context;
      const dockerfile = posix.relative(context, pack.dockerfile);
      add(component, 'build', flow({ context, ...(dockerfile === 'Dockerfile' ? {} : { dockerfile }) }, 'how CI builds the image'));
    }
    if (service.port) add(component, 'port', node(service.port.value, cite(service.port)));
    // A probe may only target a declared port: a separate management port is declared by name.
    if (service.port && service.healthPort && service.healthPort.value !== service.port.value) {
      add(component, 'ports', flow([{ name: 'management', port: service.healthPort.value }], cite(service.healthPort)));
    }
    if (service.port) add(component, 'health', chooseHealth(service, flow));
    const env = buildEnvMap(service, name, node, flow);
    if (env.map.items.length > 0) add(component, 'env', env.map, env.before);
    if (service.uses.length > 0) {
      const uses = node<YAMLSeq>(service.uses.map((u) => ({ dependency: u.value.kind, env: u.value.env })));
      uses.flow = true;
      uses.comment = ` ${service.uses.map((u) => formatEvidence(u.evidence)).join(', ')}: the URL is injected`;
      add(component, 'uses', uses);
    }
    if (service.writable.length > 0) {
      const writable = node<YAMLSeq>(service.writable.map((w) => w.value));
      writable.flow = true;
      writable.comment = ` ${service.writable.map((w) => w.evidence.note).join('; ')}`;
      add(component, 'writable', writable);
    }
    if (pack.user !== undefined) add(component, 'user', node(pack.user, `= USER in ${pack.dockerfile}`));
    add(components, service.name, component, before);
  }
  const guessed = detection.services.map((s) => packaging.get(s.name)!).filter((p) => p.imageEvidence === undefined);
  const registry = guessed[0] ? guessed[0].image.replace(/\/[^/]+$/, '') : '';
  add(root, 'components', components, registryGuessed && registry ? [`${TODO_MARK} images are pushed to ${registry}/<component>: change it to your registry and owner`] : []);

  const kinds = [...new Set(detection.services.flatMap((s) => s.uses.map((u) => u.value.kind)))].sort();
  if (kinds.length > 0) {
    const dependencies = node<YAMLMap>({});
    for (const kind of kinds) {
      add(dependencies, kind, flow({ kind, external: { secret: `${name}-${kind}-url`, key: 'url' } }), describeDependency(kind, name));
    }
    add(root, 'dependencies', dependencies);
  }

  const environments = node<YAMLMap>({});
  const dev = node<YAMLMap>({ namespace: `${name}-dev`, replicas: 1 });
  add(dev, 'exceptions', node([{ rule: 'replicas-minimum', reason: 'dev runs one replica of each component' }]));
  if (kinds.length > 0) add(dev, 'dependencies', node(Object.fromEntries(kinds.map((k) => [k, { inCluster: true }]))), ['dependencies run in the cluster in dev (see `dependencies:`), external elsewhere']);
  add(environments, 'dev', dev);
  add(environments, 'prod', flow({ namespace: name }));
  add(root, 'environments', environments, [
    'one per namespace you deploy to; each can override replicas, resources, autoscaling, image tags and env values',
  ]);

  doc.comment = [
    ' Ingress: add `routes: [/]` to a component and, at the top level,',
    ` ingress: { host: ${name}.example.com, tls: { secret: ${name}-tls } }`,
  ].join('\n');
  const text = doc.toString({ lineWidth: 0 });
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The component's health check: its health route, else `/` when it serves it, else TCP; each says why. */
function chooseHealth(service: DetectedService, flow: FlowFactory): YAMLMap {
  if (service.health) return flow({ http: service.healthPort ? { path: service.health.value, port: service.healthPort.value } : service.health.value }, cite(service.health));
  const root = service.routes?.find((r) => r.value === '/');
  if (root) return flow({ http: '/' }, `no health route: ${formatEvidence(root.evidence)} serves GET /, so the probes request it (a GET /healthz would be cheaper)`);
  return flow({ tcp: true }, `${TODO_MARK} no health route and no GET / found, so a TCP check on the port; add one (e.g. GET /healthz) and use \`http: /healthz\``);
}

function describeService(service: DetectedService, pack: ServicePackaging): string {
  const where = service.directory || '.';
  const dockerfile = pack.dockerfile ? `; image from ${pack.dockerfile}${pack.generated ? ' (written by init)' : ' (kept as it is)'}` : '';
  return `${service.framework.value} in ${where} (${formatEvidence(service.framework.evidence)})${dockerfile}`;
}

function cite<T>(inferred: Inferred<T>): string {
  return `${formatEvidence(inferred.evidence)}: ${inferred.evidence.note}`;
}

/** Why the component binds every interface, or why it would not without the generated command. */
function describeBindHost(service: DetectedService, pack: ServicePackaging): string | undefined {
  const host = service.bindHost;
  if (!host || !isLoopback(host.value)) return undefined;
  if (service.hostVariable) return undefined;
  if (pack.generated && service.language === 'python') {
    return `${cite(host)}: only reachable from inside the container; the Dockerfile's command binds 0.0.0.0 instead, as a Pod needs`;
  }
  return undefined;
}

type NodeFactory = <T extends Node>(value: unknown, comment?: string) => T;
type FlowFactory = (value: unknown, comment?: string) => YAMLMap;

function buildEnvMap(service: DetectedService, app: string, node: NodeFactory, flow: FlowFactory): { map: YAMLMap; before: string[] } {
  const map = node<YAMLMap>({});
  const secretName = `${app}-${service.name}`;
  const secrets: EnvVariable[] = [];
  for (const inferred of service.env) {
    const variable = inferred.value;
    const where = formatEvidence(inferred.evidence);
    let value: Node;
    if (variable.value !== undefined) {
      value = node(variable.value, `${where}: ${inferred.evidence.note}`);
    } else if (variable.secret) {
      secrets.push(variable);
      value = flow({ secret: secretName, key: toSecretKey(variable.name) }, `${where}: ${/ URL$/.test(inferred.evidence.note) ? `${inferred.evidence.note} (berth runs no such dependency), read from a Secret` : 'a credential, read from a Secret'}`);
    } else if (variable.fallback !== undefined) {
      value = node(variable.fallback, ENV_EXAMPLE_FILES.test(inferred.evidence.file) ? `${where}: the example value` : `${where}: the code's default`);
    } else {
      value = node('', `${TODO_MARK} value for ${variable.name} (${where} reads it, with no default)`);
    }
    map.items.push(new Pair(node(variable.name), value));
  }
  const before = secrets.length > 0 ? [`${TODO_MARK} create Secret ${secretName} before deploying: kubectl create secret generic ${secretName} ${secrets.map((s) => `--from-literal=${toSecretKey(s.name)}=...`).join(' ')}`] : [];
  return { map, before };
}

/** `DATABASE_URL` → `database-url`: Secret keys in the style Kubernetes examples use. */
export function toSecretKey(name: string): string {
  return name.toLowerCase().replace(/_+/g, '-').replace(/^-+|-+$/g, '') || 'value';
}

function describeDependency(kind: DependencyKind, app: string): string[] {
  const label = kind === 'postgres' ? 'PostgreSQL' : 'Redis';
  return [
    `${label}: in the cluster in dev, its password from a Secret you create:`,
    `  kubectl create secret generic ${app}-${kind} --from-literal=password=...`,
    `${TODO_MARK} elsewhere a managed ${label}: create Secret ${app}-${kind}-url with its URL: kubectl create secret generic ${app}-${kind}-url --from-literal=url=...`,
  ];
}
