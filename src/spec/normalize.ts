// Validated berth.yaml (short forms allowed) → AppSpec (long forms, every default filled in).
// Also merges one environment's overrides into the spec, so an environment is "the spec, changed".
import type { SourcePosition } from '../diagnostics.ts';
import type {
  AppSpec,
  Autoscale,
  Component,
  Dependency,
  EnvVar,
  ExtraContainer,
  Health,
  HealthCheck,
  Image,
  ObjectPatch,
  Placement,
  ProbeTiming,
  Quantities,
  Resources,
  SpecJson,
  TopologySpread,
  Variants,
} from './app-spec.ts';
import { deliveredImage, normalizeBuild, normalizeDelivery } from './delivery.ts';
import { mergeAlerting, normalizeAlerting, normalizeMetrics, normalizeMonitoring } from './observability.ts';
import { canonicalQuantity } from './quantity.ts';
import { normalizeStrategy, progressiveComponents, withEnvironmentStrategy } from './strategy.ts';
import { mergeSecrets, normalizeSecrets, readsExternalSecrets, readsSealedSecrets } from './secrets.ts';
import type {
  AutoscaleInput,
  ComponentInput,
  ComponentOverrideInput,
  DependencyInput,
  HealthInput,
  ProbeTimingInput,
  ResourcesInput,
  SpecInput,
} from './schema.ts';

export const DEFAULTS = {
  replicas: 2,
  user: 10001,
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  autoscale: { min: 2, max: 10, cpu: 80, scaleDownStabilizationSeconds: 300 },
  // Seed 001's probe numbers.
  liveness: { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 },
  readiness: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 2, successThreshold: 1 },
  startup: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 12, successThreshold: 1 },
  // Seed 004's rollout numbers.
  rollout: { maxSurge: 1, maxUnavailable: 0, minReadySeconds: 10 },
  job: { backoffLimit: 3, activeDeadlineSeconds: 1800 },
  dependencies: {
    redis: { image: 'redis:7.4.2-alpine', port: 6379, urlVariable: 'REDIS_URL' },
    postgres: { image: 'postgres:16.6-alpine', port: 5432, urlVariable: 'DATABASE_URL' },
  },
  dependencyStorage: '1Gi',
} as const;

/** What applyEnvironment hands to normalizeSpec besides the spec itself. */
type MergedInput = SpecInput & {
  $environmentExceptions?: { rule: string; reason: string }[];
  /** The environment this view is, and every environment's overrides (whole settings replaced per environment are built from them). */
  $environment?: string;
  $environments?: SpecInput['environments'];
  $base?: SpecInput;
  /** The components with a strategy parameter: that depends on every environment, not this one. */
  $progressive?: readonly string[];
  /** Computed before the environments are merged away. */
  $secretsAnywhere?: { external: boolean; sealed: boolean };
};

const DEFAULT_SPREAD: readonly TopologySpread[] = [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' }];

export function normalizeSpec(input: MergedInput, file: string, positions: ReadonlyMap<string, SourcePosition>): AppSpec {
  const components = sortedEntries(input.components).map(([name, c]) => normalizeComponent(name, withDefaults(c, input.defaults), input, positions));
  const anyRoutes = components.some((c) => c.routes.length > 0);
  return {
    name: input.name,
    version: input.version,
    description: input.description,
    namespace: input.namespace ?? input.name,
    keepVolumes: input.keepVolumes ?? true,
    ingressAnnotations: sortedEntries(input.annotations?.ingress ?? {}),
    cronJobs: sortedEntries(input.cronjobs ?? {}).map(([name, c]) => ({
      name,
      component: c.component,
      schedule: c.schedule,
      timeZone: c.timeZone,
      command: c.command,
      args: c.args,
      concurrencyPolicy: c.concurrencyPolicy ?? 'Forbid',
      startingDeadlineSeconds: c.startingDeadlineSeconds ?? 300,
      successfulJobsHistoryLimit: c.successfulJobsHistoryLimit ?? 3,
      failedJobsHistoryLimit: c.failedJobsHistoryLimit ?? 1,
      suspend: c.suspend ?? false,
      backoffLimit: c.backoffLimit ?? DEFAULTS.job.backoffLimit,
      activeDeadlineSeconds: c.activeDeadlineSeconds ?? DEFAULTS.job.activeDeadlineSeconds,
    })),
    patches: normalizePatches(input.patches, 'patches'),
    environmentPatches: variantsOf(input, (env) => (env.patches ? [true, env.patches] : [false, undefined]), undefined, (patches, name) => (patches ? normalizePatches(patches, `environments.${name}.patches`) : undefined)),
    components,
    dependencies: sortedEntries(input.dependencies ?? {}).map(([name, d]) => normalizeDependency(name, d, input.name)),
    jobs: sortedEntries(input.jobs ?? {}).map(([name, j]) => ({
      name,
      component: j.component,
      command: j.command,
      args: j.args,
      backoffLimit: j.backoffLimit ?? DEFAULTS.job.backoffLimit,
      activeDeadlineSeconds: j.activeDeadlineSeconds ?? DEFAULTS.job.activeDeadlineSeconds,
    })),
    ingress:
      anyRoutes && input.ingress
        ? {
            host: input.ingress.host,
            className: input.ingress.className ?? '',
            tlsSecret: input.ingress.tls ? input.ingress.tls.secret : '',
            hosts: sortedEntries(input.ingress.hosts ?? {}).map(([name, h]) => ({ name, host: h.host, tlsSecret: h.tls ? h.tls.secret : '' })),
          }
        : undefined,
    environments: Object.keys(input.environments ?? {}),
    environmentExceptions: input.$environmentExceptions ?? [],
    delivery: normalizeDelivery(input),
    monitoring: normalizeMonitoring(input.monitoring),
    alerting: normalizeAlerting(input.alerting),
    secrets: normalizeSecrets(input.secrets, input.$secretsAnywhere ?? { external: readsExternalSecrets(input), sealed: readsSealedSecrets(input) }, input.$environment),
    dashboards: components.some((c) => c.metrics) ? { enabled: input.dashboards?.enabled ?? true } : undefined,
    positions,
    file,
  };
}

function normalizePatches(patches: SpecInput['patches'], at: string): ObjectPatch[] {
  return (patches ?? []).map((p, index) => ({ path: `${at}.${index}`, kind: p.target.kind, name: p.target.name, merge: p.merge, ops: (p.ops ?? []) as ObjectPatch['ops'] }));
}

type EnvironmentInput = NonNullable<SpecInput['environments']>[string];

/**
 * A setting environments replace whole: the base's value as `default`, then each environment that
 * replaces it (`replaced` says whether it does, and with what), the same in every view of the spec.
 */
function variantsOf<I, T>(
  input: MergedInput,
  replaced: (env: EnvironmentInput) => [boolean, I | undefined],
  base: I | undefined,
  build: (value: I | undefined, name: string) => T | undefined,
): Variants<T> {
  const environments = input.environments ?? input.$environments ?? {};
  const options: (readonly [string, T | undefined])[] = [['default', build(base, 'default')]];
  let selected = 'default';
  for (const [name, env] of Object.entries(environments)) {
    const [replaces, value] = replaced(env);
    if (!replaces) continue;
    options.push([name, build(value, name)]);
    if (name === input.$environment) selected = name;
  }
  return { selected, options };
}

/** Set-like lists sorted (the Terraform provider keeps them as sets). */
function normalizeAffinity(value: unknown): SpecJson | undefined {
  if (value === undefined || value === null) return undefined;
  const walk = (v: unknown, key?: string): SpecJson => {
    if (Array.isArray(v)) {
      const items = v.map((x) => walk(x));
      return key === 'values' || key === 'namespaces' ? [...new Set(items as string[])].sort() : items;
    }
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v as SpecJson;
  };
  return walk(value);
}

function normalizeSpread(value: unknown): readonly TopologySpread[] | undefined {
  const spread = value as NonNullable<ComponentInput['placement']>['topologySpread'];
  if (spread === undefined) return DEFAULT_SPREAD;
  if (spread === false || spread.length === 0) return undefined;
  return spread.map((c) => ({ topologyKey: c.topologyKey, maxSkew: c.maxSkew ?? 1, whenUnsatisfiable: c.whenUnsatisfiable ?? 'ScheduleAnyway', ...(c.minDomains !== undefined ? { minDomains: c.minDomains } : {}) }));
}

/** Whether an environment replaces a component's whole placement setting, and with what. */
function placementOverride(env: EnvironmentInput, component: string, key: 'affinity' | 'topologySpread'): [boolean, unknown] {
  const placement = env.components?.[component]?.placement;
  return placement && placement[key] !== undefined ? [true, placement[key] ?? undefined] : [false, undefined];
}

/** The component as the spec's base writes it (an environment's view has its overrides merged in). */
function baseInput(spec: MergedInput, component: string): ComponentInput | undefined {
  return (spec.$base ?? spec).components[component];
}

/** A component with the spec's `defaults` filled in where it says nothing. */
function withDefaults(component: ComponentInput, defaults: SpecInput['defaults']): ComponentInput {
  if (!defaults) return component;
  return {
    ...component,
    replicas: component.replicas ?? defaults.replicas,
    resources: { ...(defaults.resources ?? {}), ...definedOnly(component.resources ?? {}) },
    autoscale: component.autoscale ?? defaults.autoscale,
    rollout: { ...(defaults.rollout ?? {}), ...definedOnly(component.rollout ?? {}) },
    user: component.user ?? defaults.user,
  };
}

/** The spec as environment `name` sees it: its overrides merged in, no environments left. */
export function applyEnvironment(input: SpecInput, name: string): MergedInput {
  const env = input.environments?.[name];
  if (!env) throw new Error(`unknown environment ${name}`);
  const components: SpecInput['components'] = {};
  for (const [componentName, base] of Object.entries(input.components)) {
    const override: ComponentOverrideInput = env.components?.[componentName] ?? {};
    // Environment-wide values sit between the component's base and its own override.
    // The delivery tag policy sits there too (an environment runs the tag its event pushes), under
    // the environment's own image setting.
    const delivered = deliveredImage(input, name, base);
    const image = delivered || env.image ? { ...(delivered ?? {}), ...definedOnly(env.image ?? {}) } : undefined;
    const envWide: ComponentOverrideInput = definedOnly({ replicas: env.replicas, resources: env.resources, autoscale: env.autoscale, image });
    const merged = mergeComponent(mergeComponent(withDefaults(base, input.defaults), envWide), override);
    components[componentName] = withEnvironmentStrategy(input, name, componentName, merged);
  }
  const dependencies: NonNullable<SpecInput['dependencies']> = {};
  for (const [dependencyName, base] of Object.entries(input.dependencies ?? {})) {
    dependencies[dependencyName] = { ...base, ...(env.dependencies?.[dependencyName] ?? {}) };
  }
  const hosts = input.ingress?.hosts && Object.fromEntries(Object.entries(input.ingress.hosts).map(([name, h]) => [name, { ...h, ...definedOnly(env.ingress?.hosts?.[name] ?? {}) }]));
  const ingress = input.ingress && { ...input.ingress, ...definedOnly({ ...(env.ingress ?? {}), hosts: undefined }), ...(hosts ? { hosts } : {}) };
  return {
    ...input,
    namespace: env.namespace,
    keepVolumes: env.keepVolumes ?? input.keepVolumes,
    components,
    dependencies: input.dependencies ? dependencies : undefined,
    ingress,
    cronjobs: input.cronjobs && Object.fromEntries(Object.entries(input.cronjobs).map(([name, c]) => [name, { ...c, ...definedOnly(env.cronjobs?.[name] ?? {}) }])),
    environments: undefined,
    // Delivery belongs to the app as a whole: read it from the base view.
    delivery: undefined,
    alerting: mergeAlerting(input.alerting, env.alerting),
    dashboards: env.dashboards ? { ...(input.dashboards ?? {}), ...definedOnly(env.dashboards) } : input.dashboards,
    $environmentExceptions: env.exceptions,
    secrets: mergeSecrets(input.secrets, env.secrets),
    $environment: name,
    $environments: input.environments,
    $base: input,
    // Whether a component has a strategy parameter depends on every environment, not this one.
    $progressive: progressiveComponents(input),
    $secretsAnywhere: { external: readsExternalSecrets(input), sealed: readsSealedSecrets(input) },
  };
}

function mergeComponent(base: ComponentInput, override: ComponentOverrideInput): ComponentInput {
  const baseImage = typeof base.image === 'string' ? splitImage(base.image) : base.image;
  const autoscale = mergeAutoscale(base.autoscale, override.autoscale);
  return {
    ...base,
    image: { ...baseImage, ...definedOnly(override.image ?? {}) },
    replicas: override.replicas ?? base.replicas,
    resources: { ...(base.resources ?? {}), ...definedOnly(override.resources ?? {}) },
    autoscale,
    env: { ...(base.env ?? {}), ...(override.env ?? {}) },
    annotations: override.annotations
      ? {
          pod: { ...(base.annotations?.pod ?? {}), ...(override.annotations.pod ?? {}) },
          service: { ...(base.annotations?.service ?? {}), ...(override.annotations.service ?? {}) },
          serviceAccount: { ...(base.annotations?.serviceAccount ?? {}), ...(override.annotations.serviceAccount ?? {}) },
        }
      : base.annotations,
    service: override.service?.type ? { ...(base.service ?? {}), type: override.service.type } : base.service,
    placement: override.placement ? mergePlacement(base.placement, override.placement) : base.placement,
    health:
      base.health && override.health
        ? {
            ...base.health,
            liveness: { ...(base.health.liveness ?? {}), ...(override.health.liveness ?? {}) },
            readiness: { ...(base.health.readiness ?? {}), ...(override.health.readiness ?? {}) },
            ...(override.health.startup
              ? { startup: { ...(base.health.startup || {}), ...override.health.startup } }
              : {}),
          }
        : base.health,
  };
}

/** Affinity and topology spread are not merged: every view builds their variants from the environments (see variantsOf). */
function mergePlacement(base: ComponentInput['placement'], override: NonNullable<ComponentOverrideInput['placement']>): ComponentInput['placement'] {
  const { affinity: _affinity, topologySpread: _spread, ...scalars } = override;
  return { ...(base ?? {}), ...definedOnly(scalars), nodeSelector: { ...(base?.nodeSelector ?? {}), ...(scalars.nodeSelector ?? {}) } };
}

function mergeAutoscale(base: AutoscaleInput | undefined, override: AutoscaleInput | undefined): AutoscaleInput | undefined {
  if (override === undefined) return base;
  // Turning autoscaling off in one environment keeps the base's bounds, so only the toggle differs.
  if (override === false) return base ? { ...base, enabled: false } : false;
  return { ...(base || {}), enabled: true, ...override };
}

function normalizeComponent(name: string, c: ComponentInput, spec: SpecInput, positions: ReadonlyMap<string, SourcePosition>): Component {
  const image = normalizeImage(c.image, spec.version);
  const ports = [
    ...(c.port !== undefined ? [{ name: isGrpc(c.health) ? 'grpc' : 'http', port: c.port, protocol: 'TCP' as const }] : []),
    ...(c.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? ('TCP' as const) })),
  ];
  const user = c.user ?? DEFAULTS.user;
  const appWide = spec.annotations ?? {};
  const merged = (kind: 'pod' | 'service' | 'serviceAccount') => sortedEntries({ ...(appWide[kind] ?? {}), ...(c.annotations?.[kind] ?? {}) });
  const extra = (containers: NonNullable<ComponentInput['sidecars']> | undefined): ExtraContainer[] =>
    sortedEntries(containers ?? {}).map(([containerName, x]) => ({
      name: containerName,
      image: x.image,
      command: x.command,
      args: x.args,
      env: normalizeEnv(x.env ?? {}),
      ports: (x.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? ('TCP' as const) })),
      resources: normalizeResources(x.resources),
      native: x.native ?? false,
      // Unlike the main container, a sidecar gets no TCP check by default: it may serve nothing.
      ...(x.health === undefined ? {} : { health: normalizeHealth(x.health, x.ports?.[0]?.port) }),
    }));
  return {
    name,
    image,
    ...(c.stateful ? { stateful: { podManagementPolicy: (c.stateful === true ? undefined : c.stateful.podManagementPolicy) ?? 'OrderedReady' } } : {}),
    strategy: normalizeStrategy(spec, name, c, (spec as MergedInput).$progressive ?? progressiveComponents(spec)),
    placement: {
      nodeSelector: sortedEntries(c.placement?.nodeSelector ?? {}),
      tolerations: (c.placement?.tolerations ?? []) as Placement['tolerations'],
      priorityClassName: c.placement?.priorityClassName,
      terminationGracePeriodSeconds: c.placement?.terminationGracePeriodSeconds,
      preStopSleepSeconds: c.placement?.preStopSleepSeconds,
      affinity: variantsOf(spec, (env) => placementOverride(env, name, 'affinity'), baseInput(spec, name)?.placement?.affinity, normalizeAffinity),
      topologySpread: variantsOf(spec, (env) => placementOverride(env, name, 'topologySpread'), baseInput(spec, name)?.placement?.topologySpread, normalizeSpread),
    },
    sidecars: extra(c.sidecars),
    initContainers: extra(c.initContainers),
    imagePullSecrets: [...new Set([...(spec.imagePullSecrets ?? []), ...(c.imagePullSecrets ?? [])])].sort(),
    annotations: { pod: merged('pod'), service: merged('service'), serviceAccount: merged('serviceAccount') },
    podLabels: sortedEntries(c.labels ?? {}),
    service: { type: c.service?.type ?? 'ClusterIP', loadBalancerSourceRanges: [...(c.service?.loadBalancerSourceRanges ?? [])].sort() },
    ports,
    command: c.command,
    args: c.args,
    env: normalizeEnv(c.env ?? {}),
    files: sortedEntries(c.files ?? {}).map(([path, content]) => ({ path, content })),
    health: normalizeHealth(c.health, ports[0]?.port),
    resources: normalizeResources(c.resources),
    replicas: c.replicas ?? DEFAULTS.replicas,
    autoscale: normalizeAutoscale(c.autoscale),
    routes: (c.routes ?? []).map((r) =>
      typeof r === 'string' ? { path: r, pathType: 'Prefix' as const } : { path: r.path, pathType: r.pathType ?? 'Prefix', ...(r.host ? { host: r.host } : {}) },
    ),
    volumes: sortedEntries(c.volumes ?? {}).map(([volumeName, v]) => ({
      name: volumeName,
      path: v.path,
      size: canonical(v.size),
      accessMode: v.accessMode ?? 'ReadWriteOnce',
      storageClass: v.storageClass,
    })),
    writable: [...new Set(['/tmp', ...(c.writable ?? [])])].sort(),
    uses: (c.uses ?? []).map((u) => {
      const dependency = typeof u === 'string' ? u : u.dependency;
      const kind = spec.dependencies?.[dependency]?.kind ?? 'redis';
      return { dependency, env: typeof u === 'string' ? DEFAULTS.dependencies[kind].urlVariable : u.env };
    }),
    user,
    group: c.group ?? user,
    rollout: {
      maxSurge: c.rollout?.maxSurge ?? DEFAULTS.rollout.maxSurge,
      maxUnavailable: c.rollout?.maxUnavailable ?? DEFAULTS.rollout.maxUnavailable,
      minReadySeconds: c.rollout?.minReadySeconds ?? DEFAULTS.rollout.minReadySeconds,
    },
    exceptions: [...(c.exceptions ?? [])].sort((a, b) => compare(a.rule, b.rule)),
    egress: { internet: c.egress?.internet ?? true, cidrs: [...(c.egress?.cidrs ?? [])].sort() },
    build: normalizeBuild(c.build),
    ...(c.metrics ? { metrics: normalizeMetrics(name, c.metrics, ports, positions) } : {}),
  };
}

function normalizeDependency(name: string, d: DependencyInput, app: string): Dependency {
  const defaults = DEFAULTS.dependencies[d.kind];
  return {
    name,
    kind: d.kind,
    inCluster: d.inCluster ?? d.external === undefined,
    external: d.external ?? { secret: `${app}-${name}-external`, key: 'url' },
    image: d.image ?? defaults.image,
    port: defaults.port,
    storage: canonical(d.storage ?? DEFAULTS.dependencyStorage),
    credentials: d.credentials ?? `${app}-${name}`,
  };
}

export function splitImage(reference: string): { repository: string; tag?: string } {
  // A colon after the last slash separates the tag; one before it belongs to a registry port.
  const at = reference.lastIndexOf(':');
  if (at > reference.lastIndexOf('/') && !reference.includes('@')) {
    return { repository: reference.slice(0, at), tag: reference.slice(at + 1) };
  }
  return { repository: reference };
}

function normalizeImage(image: ComponentInput['image'], version: string): Image {
  const parts = typeof image === 'string' ? splitImage(image) : image;
  return {
    repository: parts.repository,
    tag: parts.tag ?? version,
    pullPolicy: (typeof image === 'string' ? undefined : image.pullPolicy) ?? 'IfNotPresent',
  };
}

function normalizeEnv(env: NonNullable<ComponentInput['env']>): EnvVar[] {
  return sortedEntries(env).map(([name, value]): EnvVar => {
    if (typeof value === 'object') {
      return 'secret' in value
        ? { name, kind: 'secret', secret: value.secret, key: value.key }
        : { name, kind: 'field', field: value.field };
    }
    return { name, kind: 'literal', value: String(value) };
  });
}

function isGrpc(health: HealthInput | undefined): boolean {
  return health !== undefined && health !== false && health.grpc !== undefined;
}

function normalizeHealth(health: HealthInput | undefined, mainPort: number | undefined): Health | undefined {
  if (health === false) return undefined;
  const h = health ?? {};
  let check: HealthCheck | undefined;
  if (h.http !== undefined) {
    const http = typeof h.http === 'string' ? { path: h.http } : h.http;
    check = { type: 'http', path: http.path, port: http.port ?? mainPort ?? 0 };
  } else if (h.grpc !== undefined) {
    const grpc = h.grpc === true ? {} : h.grpc;
    check = { type: 'grpc', port: grpc.port ?? mainPort ?? 0, service: grpc.service };
  } else if (h.exec !== undefined) {
    check = { type: 'exec', command: h.exec };
  } else if (h.tcp !== undefined) {
    check = { type: 'tcp', port: h.tcp === true ? mainPort ?? 0 : h.tcp };
  } else if (mainPort !== undefined) {
    // No health declared: a TCP check on the main port is the one check that always exists.
    check = { type: 'tcp', port: mainPort };
  }
  if (!check) return undefined;
  return {
    check,
    liveness: timing(DEFAULTS.liveness, h.liveness),
    readiness: timing(DEFAULTS.readiness, h.readiness),
    startup: h.startup === false ? undefined : timing(DEFAULTS.startup, h.startup),
  };
}

function timing(defaults: ProbeTiming, given: ProbeTimingInput | undefined): ProbeTiming {
  return { ...defaults, ...definedOnly(given ?? {}) };
}

function normalizeResources(input: ResourcesInput | undefined): Resources {
  const cpu = splitRange(input?.cpu, DEFAULTS.resources.requests.cpu, DEFAULTS.resources.limits.cpu);
  const memory = splitRange(input?.memory, DEFAULTS.resources.requests.memory, DEFAULTS.resources.limits.memory);
  const requests: Quantities = { cpu: canonical(cpu.request), memory: canonical(memory.request) };
  const limits: Quantities = { cpu: canonical(cpu.limit), memory: canonical(memory.limit) };
  return { requests, limits };
}

/** `250m..500m`, `1Gi` (request = limit) or `{ request, limit }`. */
export function splitRange(
  value: NonNullable<ResourcesInput>['cpu'],
  defaultRequest: string,
  defaultLimit: string,
): { request: string; limit: string } {
  if (value === undefined) return { request: defaultRequest, limit: defaultLimit };
  if (typeof value === 'number') return { request: String(value), limit: String(value) };
  if (typeof value === 'string') {
    const [request, limit] = value.includes('..') ? value.split('..') : [value, value];
    return { request, limit };
  }
  const request = value.request !== undefined ? String(value.request) : undefined;
  const limit = value.limit !== undefined ? String(value.limit) : undefined;
  return { request: request ?? limit ?? defaultRequest, limit: limit ?? request ?? defaultLimit };
}

/** The API server's spelling (`0.5` → `500m`), so every format writes what the cluster reads back. */
function canonical(quantity: string | number): string {
  return canonicalQuantity(String(quantity));
}

function normalizeAutoscale(input: AutoscaleInput | undefined): Autoscale {
  const a = input || {};
  const memory = a.memory ?? 0;
  return {
    enabled: input !== undefined && input !== false && input.enabled !== false,
    min: a.min ?? DEFAULTS.autoscale.min,
    max: a.max ?? Math.max(DEFAULTS.autoscale.max, a.min ?? 0),
    cpu: a.cpu ?? (memory > 0 ? 0 : DEFAULTS.autoscale.cpu),
    memory,
    scaleDownStabilizationSeconds: a.scaleDownStabilizationSeconds ?? DEFAULTS.autoscale.scaleDownStabilizationSeconds,
  };
}

export function sortedEntries<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => compare(a, b));
}

/** Byte-order comparison: the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
