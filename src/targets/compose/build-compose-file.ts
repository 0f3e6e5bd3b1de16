// The base AppSpec → the Compose project for local runs: components with their images, env, health
// checks, read-only root and tmpfs, published on 127.0.0.1; dependencies as local services with a
// named volume; jobs as one-off services the components wait for. Also the config files to mount.
import { posix } from 'node:path';
import { passwordVariable, databaseName } from '../../model/resources/pod.ts';
import type { AppSpec, Component, Dependency, EnvVar, Health, Job } from '../../spec/app-spec.ts';
import { parseQuantity } from '../../spec/quantity.ts';
import { toPasswordVariable, formatRequiredReference, toVariableName } from './local-variables.ts';

export interface ComposeProjectFile {
  /** The compose.yaml document as data (key order is the written order). */
  readonly document: Record<string, unknown>;
  /** Config files to write beside compose.yaml (path relative to deploy/compose/). */
  readonly files: readonly { readonly path: string; readonly content: string }[];
  /** Host port each component port is published on (they differ when two components share a port). */
  readonly published: ReadonlyMap<string, readonly { readonly port: number; readonly host: number; readonly protocol: string }[]>;
}

/** A literal for Compose: "$" would start an interpolation. */
export function escapeDollars(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

/**
 * Command words for Compose. Kubernetes expands `$(VAR)` in command and args from the container's
 * env (and `$$(` escapes it); Compose does not, so the reference is replaced by the variable's
 * Compose value, which Compose then interpolates the same way.
 */
export function toComposeWords(words: readonly string[], environment: Readonly<Record<string, string>>): string[] {
  return words.map((word) => {
    let out = '';
    let last = 0;
    for (const match of word.matchAll(/\$\$\(|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
      out += escapeDollars(word.slice(last, match.index));
      const name = match[1];
      out += name === undefined ? '$$(' : environment[name] ?? escapeDollars(match[0]);
      last = match.index! + match[0].length;
    }
    return out + escapeDollars(word.slice(last));
  });
}

export function formatImageReference(component: Pick<Component, 'image'>): string {
  return `${component.image.repository}:${component.image.tag}`;
}

/** The env names a component has in Compose: its own, the dependency passwords, the connection URLs. */
export function listComponentEnvNames(component: Component, spec: AppSpec): string[] {
  const names = new Set(component.env.map((v) => v.name));
  for (const use of component.uses) {
    const dependency = spec.dependencies.find((d) => d.name === use.dependency);
    if (dependency) names.add(passwordVariable(dependency));
    names.add(use.env);
  }
  return [...names].sort();
}

export function buildComposeFile(spec: AppSpec): ComposeProjectFile {
  const services: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  const files: { path: string; content: string }[] = [];
  const published = publishPorts(spec.components);
  for (const component of spec.components) {
    services[component.name] = componentService(component, spec, published.get(component.name) ?? [], volumes, files);
  }
  for (const dependency of spec.dependencies) {
    services[dependency.name] = dependencyService(dependency, spec, volumes);
  }
  for (const job of spec.jobs) {
    services[job.name] = jobService(job, spec);
  }
  const document: Record<string, unknown> = { name: spec.name, services: sortKeys(services) };
  if (Object.keys(volumes).length > 0) document.volumes = sortKeys(volumes);
  return { document, files, published };
}

function componentService(
  component: Component,
  spec: AppSpec,
  ports: readonly { port: number; host: number; protocol: string }[],
  volumes: Record<string, unknown>,
  files: { path: string; content: string }[],
): Record<string, unknown> {
  const environment = buildComponentEnvironment(component, spec);
  const service: Record<string, unknown> = {
    image: formatImageReference(component),
    ...pullPolicy(component),
    ...commandFields(component.command, component.args, environment),
    environment,
  };
  if (ports.length > 0) service.ports = ports.map((p) => `127.0.0.1:${p.host}:${p.port}${p.protocol === 'TCP' ? '' : `/${p.protocol.toLowerCase()}`}`);
  if (component.health) service.healthcheck = healthcheck(component.health);
  const dependsOn = dependsOnFor(component, spec);
  if (Object.keys(dependsOn).length > 0) service.depends_on = dependsOn;
  const mounts: string[] = [];
  for (const file of component.files) {
    const path = `files/${component.name}/${safeRelative(file.path)}`;
    files.push({ path, content: file.content });
    mounts.push(`./${path}:${file.path}:ro`);
  }
  for (const volume of component.volumes) {
    const name = `${component.name}-${volume.name}`;
    volumes[name] = {};
    mounts.push(`${name}:${volume.path}`);
  }
  if (mounts.length > 0) service.volumes = mounts;
  Object.assign(service, hardening(component));
  const limits = resourceLimits(component);
  if (limits) service.deploy = { resources: { limits } };
  service.restart = 'unless-stopped';
  service.networks = { default: { aliases: [`${spec.name}-${component.name}`] } };
  return service;
}

export function buildComponentEnvironment(component: Component, spec: AppSpec): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const use of component.uses) {
    const dependency = spec.dependencies.find((d) => d.name === use.dependency)!;
    environment[passwordVariable(dependency)] = formatRequiredReference(toPasswordVariable(dependency));
  }
  for (const variable of component.env) environment[variable.name] = envValue(variable, component, spec);
  for (const use of component.uses) {
    const dependency = spec.dependencies.find((d) => d.name === use.dependency)!;
    environment[use.env] = connectionUrl(dependency, spec);
  }
  return sortKeys(environment) as Record<string, string>;
}

function envValue(variable: EnvVar, component: Component, spec: AppSpec): string {
  switch (variable.kind) {
    case 'literal':
      return escapeDollars(variable.value);
    case 'secret':
      return formatRequiredReference(toVariableName(variable.secret, variable.key));
    case 'field':
      // Local stand-ins for the downward API (see docs/targets/compose.md).
      return {
        'metadata.name': `${spec.name}-${component.name}`,
        'metadata.namespace': spec.namespace,
        'status.podIP': `${spec.name}-${component.name}`,
        'spec.nodeName': 'localhost',
        'spec.serviceAccountName': `${spec.name}-${component.name}`,
      }[variable.field] ?? '';
  }
}

/** The URL berth injects for an in-cluster dependency, with the password from .env. */
function connectionUrl(dependency: Dependency, spec: AppSpec): string {
  const password = `\${${toPasswordVariable(dependency)}}`;
  const host = `${spec.name}-${dependency.name}`;
  return dependency.kind === 'redis'
    ? `redis://:${password}@${host}:${dependency.port}/0`
    : `postgresql://postgres:${password}@${host}:${dependency.port}/${databaseName(spec.name)}`;
}

function dependsOnFor(component: Component, spec: AppSpec): Record<string, unknown> {
  const dependsOn: Record<string, unknown> = {};
  for (const use of component.uses) dependsOn[use.dependency] = { condition: 'service_healthy' };
  // Jobs run before the rollout in the cluster; locally every component waits for them.
  for (const job of spec.jobs) dependsOn[job.name] = { condition: 'service_completed_successfully' };
  return sortKeys(dependsOn);
}

function dependencyService(dependency: Dependency, spec: AppSpec, volumes: Record<string, unknown>): Record<string, unknown> {
  const passwordRef = formatRequiredReference(toPasswordVariable(dependency));
  const volume = `${dependency.name}-data`;
  volumes[volume] = {};
  const timing = { interval: '5s', timeout: '3s', retries: 12, start_period: '10s' };
  const service: Record<string, unknown> =
    dependency.kind === 'redis'
      ? {
          image: dependency.image,
          command: ['sh', '-c', 'exec redis-server --requirepass "$$REDIS_PASSWORD" --appendonly yes --dir /data'],
          environment: { REDIS_PASSWORD: passwordRef },
          healthcheck: { test: ['CMD-SHELL', 'redis-cli -a "$$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG'], ...timing },
          volumes: [`${volume}:/data`],
        }
      : {
          image: dependency.image,
          environment: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_DB: databaseName(spec.name), POSTGRES_PASSWORD: passwordRef, POSTGRES_USER: 'postgres' },
          healthcheck: { test: ['CMD-SHELL', 'pg_isready -U postgres -h 127.0.0.1'], ...timing },
          volumes: [`${volume}:/var/lib/postgresql/data`],
        };
  service.restart = 'unless-stopped';
  service.networks = { default: { aliases: [`${spec.name}-${dependency.name}`] } };
  return service;
}

function jobService(job: Job, spec: AppSpec): Record<string, unknown> {
  const component = spec.components.find((c) => c.name === job.component)!;
  const environment = buildComponentEnvironment(component, spec);
  const service: Record<string, unknown> = {
    image: formatImageReference(component),
    ...pullPolicy(component),
    ...commandFields(job.command, job.args, environment),
    environment,
  };
  const dependsOn: Record<string, unknown> = {};
  for (const use of component.uses) dependsOn[use.dependency] = { condition: 'service_healthy' };
  if (Object.keys(dependsOn).length > 0) service.depends_on = sortKeys(dependsOn);
  Object.assign(service, hardening(component));
  service.restart = 'no';
  return service;
}

/** berth's `command` replaces the image ENTRYPOINT (Compose `entrypoint`); `args` its CMD (Compose `command`). */
function commandFields(command: readonly string[] | undefined, args: readonly string[] | undefined, environment: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    ...(command ? { entrypoint: toComposeWords(command, environment) } : {}),
    ...(args ? { command: toComposeWords(args, environment) } : {}),
  };
}

function pullPolicy(component: Component): Record<string, string> {
  const policy = { Always: 'always', Never: 'never', IfNotPresent: 'missing' }[component.image.pullPolicy];
  return policy === 'missing' ? {} : { pull_policy: policy };
}

/** The same posture as the cluster: non-root, read-only root, writable paths on tmpfs, no capabilities. */
function hardening(component: Component): Record<string, unknown> {
  return {
    user: `${component.user}:${component.group}`,
    read_only: true,
    tmpfs: [...component.writable],
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
  };
}

function healthcheck(health: Health): Record<string, unknown> {
  const { check, readiness, startup } = health;
  let test: string[];
  switch (check.type) {
    case 'http':
      test = ['CMD-SHELL', `wget -qO- ${shellWord(`http://localhost:${check.port}${check.path}`)} || exit 1`];
      break;
    case 'tcp':
      test = ['CMD-SHELL', `nc -z 127.0.0.1 ${check.port} || exit 1`];
      break;
    case 'grpc':
      test = ['CMD', 'grpc_health_probe', `-addr=localhost:${check.port}`, ...(check.service ? [`-service=${check.service}`] : [])];
      break;
    case 'exec':
      test = ['CMD', ...check.command.map(escapeDollars)];
      break;
  }
  return {
    test,
    interval: `${readiness.periodSeconds}s`,
    timeout: `${readiness.timeoutSeconds}s`,
    retries: readiness.failureThreshold,
    ...(startup ? { start_period: `${startup.periodSeconds * startup.failureThreshold}s` } : {}),
  };
}

function shellWord(text: string): string {
  const escaped = escapeDollars(text);
  return /^[A-Za-z0-9/._~:?=&%-]+$/.test(text) ? escaped : `'${escaped.replace(/'/g, `'\\''`)}'`;
}

/** Limits in Compose units: CPUs as a decimal, memory in 1024-based M. */
function resourceLimits(component: Component): Record<string, string> | undefined {
  const cpu = parseQuantity(component.resources.limits.cpu);
  const memory = parseQuantity(component.resources.limits.memory);
  const limits: Record<string, string> = {};
  if (cpu !== undefined && cpu > 0) limits.cpus = String(Math.round(cpu * 1000) / 1000);
  if (memory !== undefined && memory > 0) {
    const bytes = Math.ceil(memory);
    limits.memory = bytes % 2 ** 20 === 0 ? `${bytes / 2 ** 20}M` : `${bytes}b`;
  }
  return Object.keys(limits).length > 0 ? limits : undefined;
}

/**
 * Each component port on 127.0.0.1, on the same host port when free; when two components use the
 * same port, the later one (by name) takes the next free port above it.
 */
function publishPorts(components: readonly Component[]): Map<string, { port: number; host: number; protocol: string }[]> {
  const taken = new Set<string>();
  const result = new Map<string, { port: number; host: number; protocol: string }[]>();
  for (const component of components) {
    const list = component.ports.map((p) => {
      let host = p.port;
      while (taken.has(`${p.protocol}/${host}`) && host < 65535) host += 1;
      taken.add(`${p.protocol}/${host}`);
      return { port: p.port, host, protocol: p.protocol };
    });
    result.set(component.name, list);
  }
  return result;
}

/** A file path inside the target directory: no leading "/", no "..". */
function safeRelative(path: string): string {
  return posix
    .normalize(path)
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .join('/');
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
