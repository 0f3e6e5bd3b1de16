// AppSpec (base + environments) → the parameter registry: one logical name per knob, with its type,
// bounds, base value, value in each environment and description. Every target spells the same
// registry in its own syntax (see parameterNames), so a knob has one meaning in every format.
import { InputError, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import type { AppSpec } from '../spec/app-spec.ts';
import { DEFAULT_ALERTS } from '../spec/default-alerts.ts';
import { externalSecretKnobs } from './resources/external-secret.ts';
import { sealedSecretKnobs } from './resources/sealed-secret.ts';
import type { LoadedSpec } from '../spec/load.ts';
import type { TemplateObject } from './template-object.ts';
import { referencedParameters, isExpr, type Json, type ParameterValues, type Value } from './template.ts';

export type ParameterType = 'integer' | 'string' | 'boolean' | 'quantity';

export interface Parameter {
  /** Logical name, also the Helm values path: `backend.autoscaling.minReplicas`. */
  readonly name: string;
  readonly path: readonly string[];
  readonly type: ParameterType;
  readonly description: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
  readonly base: Json;
  /** Value in each environment (every environment listed, even when equal to the base). */
  readonly values: ReadonlyMap<string, Json>;
  /** Where the spec sets it (the base value or, failing that, its nearest parent). */
  readonly source?: SourcePosition;
  /** The spec path of the value, e.g. `components.backend.autoscale.min`. */
  readonly specPath: string;
  /** The objects and fields it controls: `Deployment backend-deployment spec.replicas`, `HorizontalPodAutoscaler backend-hpa (exists)`. */
  readonly governs: readonly string[];
  /** Built-in parameters that Helm takes from the release instead of values. */
  readonly builtin?: Builtin;
  /**
   * Its last segment (an env variable name) is spelt with its own case in Terraform and Pulumi,
   * because the lowercase spelling would collide with another one's (`HTTP_PROXY` and `http_proxy`).
   */
  readonly exactCase?: boolean;
}

export interface ParameterRegistry {
  readonly parameters: readonly Parameter[];
  readonly environments: readonly string[];
  get(name: string): Parameter;
  /** Values for one environment, or the base when `environment` is undefined. */
  valuesFor(environment?: string): ParameterValues;
  /** Parameters whose value in `environment` differs from the base. */
  overridesFor(environment: string): Parameter[];
}

export interface Knob {
  readonly path: readonly string[];
  readonly type: ParameterType;
  readonly value: Json;
  readonly description: string;
  readonly specPath: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
  readonly builtin?: Builtin;
}

/** `fullname` (object name prefix) and `release` (instance label): Helm's release name; `namespace`: the release namespace. */
export type Builtin = 'namespace' | 'fullname' | 'release';

/** Keys at the top of values.yaml that are not component or dependency names. */
export const RESERVED_KEYS = ['namespace', 'fullname', 'release', 'ingress', 'secretNames', 'global', 'keepVolumes', 'alerting', 'dashboards', 'patches', 'externalSecrets', 'sealedSecrets'] as const;

/** The parameter that says whose `patches` apply on top of the app-wide ones: `default` or an environment's name. */
export const ENVIRONMENT_PATCHES = 'patches.environment';

/** The parameter that keeps component volumes on uninstall/destroy. */
export const KEEP_VOLUMES = 'keepVolumes';

/** `auth-service` → `authService`: a key Helm templates can write as `.Values.authService`. */
export function camelKey(name: string): string {
  let key = camelKeys.get(name);
  if (key === undefined) {
    key = name.replace(/[-_.]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
    if (camelKeys.size >= WORDS_KEPT) camelKeys.clear();
    camelKeys.set(name, key);
  }
  return key;
}

// Asked for each component's name by every object and parameter that names it: worked out once.
const camelKeys = new Map<string, string>();

/** The knobs of one (base or environment) view of the spec. */
export function collectKnobs(spec: AppSpec): Knob[] {
  const knobs: Knob[] = [];
  const add = (knob: Knob) => knobs.push(knob);
  add({ path: ['namespace'], type: 'string', value: spec.namespace, description: 'Namespace every object is created in.', specPath: 'namespace', builtin: 'namespace' });
  add({ path: ['fullname'], type: 'string', value: spec.name, description: 'Prefix of every object name (the Helm fullname).', specPath: 'name', builtin: 'fullname' });
  add({ path: ['release'], type: 'string', value: spec.name, description: 'Instance label value (the Helm release name).', specPath: 'name', builtin: 'release' });

  for (const c of spec.components) {
    const k = camelKey(c.name);
    const at = (field: string) => `components.${c.name}.${field}`;
    add({ path: [k, 'replicas'], type: 'integer', minimum: 0, value: c.replicas, description: `Replicas of ${c.name} when autoscaling is off.`, specPath: at('replicas') });
    add({ path: [k, 'image', 'repository'], type: 'string', value: c.image.repository, description: `Image repository of ${c.name}.`, specPath: at('image') });
    add({ path: [k, 'image', 'tag'], type: 'string', value: c.image.tag, description: `Image tag of ${c.name}.`, specPath: at('image') });
    add({ path: [k, 'image', 'pullPolicy'], type: 'string', enum: ['Always', 'IfNotPresent', 'Never'], value: c.image.pullPolicy, description: `Image pull policy of ${c.name}.`, specPath: at('image') });
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory'] as const) {
        add({ path: [k, 'resources', kind, resource], type: 'quantity', value: c.resources[kind][resource], description: `${resource === 'cpu' ? 'CPU' : 'Memory'} ${kind === 'requests' ? 'request' : 'limit'} of ${c.name}.`, specPath: at(`resources.${resource}`) });
      }
    }
    const a = c.autoscale;
    add({ path: [k, 'autoscaling', 'enabled'], type: 'boolean', value: a.enabled, description: `Scale ${c.name} with a HorizontalPodAutoscaler (the Deployment then has no replicas field).`, specPath: at('autoscale') });
    add({ path: [k, 'autoscaling', 'minReplicas'], type: 'integer', minimum: 1, value: a.min, description: `Fewest replicas the autoscaler keeps for ${c.name}.`, specPath: at('autoscale.min') });
    add({ path: [k, 'autoscaling', 'maxReplicas'], type: 'integer', minimum: 1, value: a.max, description: `Most replicas the autoscaler runs for ${c.name}.`, specPath: at('autoscale.max') });
    add({ path: [k, 'autoscaling', 'targetCPUUtilizationPercentage'], type: 'integer', minimum: 0, maximum: 1000, value: a.cpu, description: `Average CPU utilisation (% of request) the autoscaler aims at for ${c.name}; 0 disables the CPU metric.`, specPath: at('autoscale.cpu') });
    add({ path: [k, 'autoscaling', 'targetMemoryUtilizationPercentage'], type: 'integer', minimum: 0, maximum: 1000, value: a.memory, description: `Average memory utilisation (% of request) the autoscaler aims at for ${c.name}; 0 disables the memory metric.`, specPath: at('autoscale.memory') });
    add({ path: [k, 'autoscaling', 'scaleDownStabilizationWindowSeconds'], type: 'integer', minimum: 0, maximum: 3600, value: a.scaleDownStabilizationSeconds, description: `Seconds the autoscaler waits before scaling ${c.name} down.`, specPath: at('autoscale.scaleDownStabilizationSeconds') });
    if (c.strategy) {
      add({ path: [k, 'strategy'], type: 'string', enum: ['blue-green', 'canary', 'rolling'], value: c.strategy.type, description: `How ${c.name} is released: rolling (a Deployment), canary or blue-green (an Argo Rollouts Rollout).`, specPath: at('strategy') });
    }
    for (const variable of c.env) {
      if (variable.kind !== 'literal') continue;
      add({ path: [k, 'env', variable.name], type: 'string', value: variable.value, description: `${variable.name} for ${c.name} (in its ConfigMap).`, specPath: at(`env.${variable.name}`) });
    }
    for (const kind of ['pod', 'service', 'serviceAccount'] as const) {
      if (kind === 'service' && c.ports.length === 0) continue;
      for (const [key, value] of c.annotations[kind]) {
        add({ path: [k, 'annotations', kind, key], type: 'string', value, description: `Annotation ${key} on the ${kind === 'pod' ? 'pods' : kind === 'service' ? 'Service' : 'ServiceAccount'} of ${c.name}.`, specPath: at(`annotations.${kind}.${key}`) });
      }
    }
    for (const [key, value] of c.placement.nodeSelector) {
      add({ path: [k, 'placement', 'nodeSelector', key], type: 'string', value, description: `Node label ${key} the pods of ${c.name} need.`, specPath: at(`placement.nodeSelector.${key}`) });
    }
    for (const setting of ['affinity', 'topologySpread'] as const) {
      const variants = c.placement[setting];
      if (variants.options.length < 2) continue;
      add({ path: [k, 'placement', `${setting}Variant`], type: 'string', enum: variants.options.map(([name]) => name), value: variants.selected, description: `Which ${setting === 'affinity' ? 'affinity' : 'topology spread'} the pods of ${c.name} use: \`default\` (the component's) or the environment that replaces it.`, specPath: at(`placement.${setting}`) });
    }
    if (c.placement.priorityClassName !== undefined) {
      add({ path: [k, 'placement', 'priorityClassName'], type: 'string', value: c.placement.priorityClassName, description: `PriorityClass of the pods of ${c.name}.`, specPath: at('placement.priorityClassName') });
    }
    if (c.placement.terminationGracePeriodSeconds !== undefined) {
      add({ path: [k, 'placement', 'terminationGracePeriodSeconds'], type: 'integer', minimum: 0, maximum: 3600, value: c.placement.terminationGracePeriodSeconds, description: `Seconds the pods of ${c.name} have to stop.`, specPath: at('placement.terminationGracePeriodSeconds') });
    }
    if (c.ports.length > 0) {
      add({ path: [k, 'service', 'type'], type: 'string', enum: ['ClusterIP', 'LoadBalancer', 'NodePort'], value: c.service.type, description: `Type of the Service of ${c.name}.`, specPath: at('service.type') });
    }
    if (c.health) {
      const probes = [['liveness', c.health.liveness], ['readiness', c.health.readiness], ['startup', c.health.startup]] as const;
      for (const [probe, timing] of probes) {
        if (!timing) continue;
        for (const field of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) {
          add({ path: [k, 'probes', probe, field], type: 'integer', minimum: field === 'initialDelaySeconds' ? 0 : 1, value: timing[field], description: `${field} of the ${probe} probe of ${c.name}.`, specPath: at(`health.${probe}.${field}`) });
        }
      }
    }
  }

  for (const task of spec.cronJobs) {
    const k = camelKey(task.name);
    add({ path: [k, 'schedule'], type: 'string', value: task.schedule, description: `Cron schedule of the task ${task.name}.`, specPath: `cronjobs.${task.name}.schedule` });
    add({ path: [k, 'suspend'], type: 'boolean', value: task.suspend, description: `Suspend the task ${task.name} (the CronJob exists but does not run).`, specPath: `cronjobs.${task.name}.suspend` });
  }

  for (const d of spec.dependencies) {
    const k = camelKey(d.name);
    const at = (field: string) => `dependencies.${d.name}.${field}`;
    add({ path: [k, 'inCluster'], type: 'boolean', value: d.inCluster, description: `Run ${d.kind} "${d.name}" in the cluster (true) or use the external one (false).`, specPath: at('inCluster') });
    add({ path: [k, 'external', 'secretName'], type: 'string', value: d.external.secret, description: `Existing Secret with the URL of the external ${d.name}.`, specPath: at('external') });
    add({ path: [k, 'external', 'secretKey'], type: 'string', value: d.external.key, description: `Key of the URL in that Secret.`, specPath: at('external') });
    add({ path: [k, 'credentialsSecret'], type: 'string', value: d.credentials, description: `Existing Secret with the password of the in-cluster ${d.name} (key \`password\`).`, specPath: at('credentials') });
    add({ path: [k, 'image'], type: 'string', value: d.image, description: `Image of the in-cluster ${d.name}.`, specPath: at('image') });
    add({ path: [k, 'storage', 'size'], type: 'quantity', value: d.storage, description: `Persistent volume size of the in-cluster ${d.name}.`, specPath: at('storage') });
  }

  for (const knob of alertingKnobs(spec)) add(knob);
  if (spec.dashboards) {
    add({ path: ['dashboards', 'enabled'], type: 'boolean', value: spec.dashboards.enabled, description: 'Create the Grafana dashboard ConfigMaps.', specPath: 'dashboards.enabled' });
  }

  if (spec.environmentPatches.options.length > 1) {
    add({ path: ENVIRONMENT_PATCHES.split('.'), type: 'string', enum: spec.environmentPatches.options.map(([name]) => name), value: spec.environmentPatches.selected, description: 'Whose `patches` apply on top of the app-wide ones: `default` (none) or the environment whose patches they are.', specPath: 'environments' });
  }

  if (spec.ingress) {
    add({ path: ['ingress', 'enabled'], type: 'boolean', value: true, description: 'Create the Ingress.', specPath: 'ingress' });
    add({ path: ['ingress', 'host'], type: 'string', value: spec.ingress.host, description: 'Host name the Ingress serves.', specPath: 'ingress.host' });
    add({ path: ['ingress', 'className'], type: 'string', value: spec.ingress.className, description: 'IngressClass; empty uses the cluster default.', specPath: 'ingress.className' });
    add({ path: ['ingress', 'tls', 'secretName'], type: 'string', value: spec.ingress.tlsSecret, description: 'Existing TLS Secret for the host; empty serves plain HTTP.', specPath: 'ingress.tls' });
    for (const extra of spec.ingress.hosts) {
      add({ path: ['ingress', 'hosts', extra.name, 'host'], type: 'string', value: extra.host, description: `Host name of the ingress host "${extra.name}".`, specPath: `ingress.hosts.${extra.name}.host` });
      add({ path: ['ingress', 'hosts', extra.name, 'tls', 'secretName'], type: 'string', value: extra.tlsSecret, description: `Existing TLS Secret for the host "${extra.name}"; empty serves plain HTTP.`, specPath: `ingress.hosts.${extra.name}.tls` });
    }
    for (const [key, value] of spec.ingressAnnotations) {
      add({ path: ['ingress', 'annotations', key], type: 'string', value, description: `Annotation ${key} on the Ingress.`, specPath: `annotations.ingress.${key}` });
    }
  }

  if (spec.components.some((c) => c.volumes.length > 0)) {
    add({ path: [KEEP_VOLUMES], type: 'boolean', value: spec.keepVolumes, description: 'Keep component PersistentVolumeClaims when the release is uninstalled or destroyed.', specPath: 'keepVolumes' });
  }

  for (const secret of referencedSecrets(spec)) {
    add({ path: ['secretNames', camelKey(secret)], type: 'string', value: secret, description: `Name of the existing Secret "${secret}".`, specPath: 'components' });
  }
  for (const knob of [...externalSecretKnobs(spec), ...sealedSecretKnobs(spec)]) add(knob);
  return knobs;
}

/** Secrets that env variables read from (not dependency secrets, which have their own knobs). */
export function referencedSecrets(spec: AppSpec): string[] {
  const names = new Set<string>();
  for (const c of spec.components) {
    for (const v of [...c.env, ...c.sidecars.flatMap((s) => s.env), ...c.initContainers.flatMap((s) => s.env)]) if (v.kind === 'secret') names.add(v.secret);
  }
  return [...names].sort();
}

export function secretParameter(secret: string): string {
  return `secretNames.${camelKey(secret)}`;
}

/** Which template fields each parameter reaches, for the registry's `governs`. */
function collectGovernedFields(objects: readonly TemplateObject[]): Map<string, string[]> {
  const governs = new Map<string, string[]>();
  const record = (names: Iterable<string>, field: string) => {
    for (const name of names) {
      const fields = governs.get(name);
      if (fields) fields.push(field);
      else governs.set(name, [field]);
    }
  };
  // The path is kept as segments and spelt only where a parameter is found: most fields hold none.
  const segments: (string | number)[] = [];
  const spelt = () => segments.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
  const walk = (value: Value, object: TemplateObject) => {
    if (isExpr(value)) {
      record(referencedParameters(value), `${object.kind} ${object.id} ${spelt()}`);
    } else if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        segments.push(index);
        walk((value as readonly Value[])[index], object);
        segments.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key in value as Record<string, Value>) {
        segments.push(key);
        walk((value as Record<string, Value>)[key], object);
        segments.pop();
      }
    }
  };
  for (const object of objects) {
    if (object.condition !== undefined) record(referencedParameters(object.condition), `${object.kind} ${object.id} (exists)`);
    walk(object.body, object);
  }
  return governs;
}

export function buildParameterRegistry(loaded: LoadedSpec, objects: readonly TemplateObject[]): ParameterRegistry {
  const governsOf = governedFieldsOf(objects);
  const { base } = loaded;
  const baseKnobs = collectKnobs(base);
  const environments = [...loaded.environments.keys()];
  const envKnobs = new Map([...loaded.environments].map(([name, spec]) => [name, new Map(collectKnobs(spec).map((k) => [k.path.join('.'), k]))]));
  const diagnostics: Diagnostic[] = [];

  const made: RegisteredParameter[] = baseKnobs.map((knob) => {
    const name = knob.path.join('.');
    const values = new Map<string, Json>();
    for (const env of environments) {
      const envKnob = envKnobs.get(env)?.get(name);
      if (!envKnob) throw new Error(`environment ${env} has no value for ${name}`);
      values.set(env, envKnob.value);
    }
    return new RegisteredParameter(
      {
        name,
        path: knob.path,
        type: knob.type,
        description: knob.description,
        minimum: knob.minimum,
        maximum: knob.maximum,
        enum: knob.enum,
        base: knob.value,
        values,
        source: nearestPosition(base.positions, knob.specPath),
        specPath: knob.specPath,
        builtin: knob.builtin,
      },
      governsOf,
    );
  });
  const names = new Set(made.map((p) => p.name));
  for (const [env, knobs] of envKnobs) {
    for (const name of knobs.keys()) {
      if (!names.has(name)) throw new Error(`environment ${env} has a knob ${name} that the base lacks`);
    }
  }
  const parameters = spellCollidingEnvNamesExactly(made);
  diagnostics.push(...findNameCollisions(parameters, base));
  if (diagnostics.length > 0) throw new InputError('the spec\'s names collide once spelt as parameters', diagnostics);

  return registryOf(parameters, environments);
}

/**
 * What each parameter governs, worked out for every parameter the first time one is asked: only the
 * commands that explain parameters (the configuration reference, diff, check) ask.
 */
function governedFieldsOf(objects: readonly TemplateObject[]): (name: string) => readonly string[] {
  let governed: Map<string, string[]> | undefined;
  return (name) => (governed ??= collectGovernedFields(objects)).get(name) ?? [];
}

/**
 * A parameter whose `governs` is read through the registry's shared lookup. A class, so that every
 * parameter has one compact shape and the getter lives once on the prototype (a spec of 1000
 * components has 28 000 parameters: an own getter on each cost a closure and a slow property table).
 */
class RegisteredParameter implements Parameter {
  readonly name: string;
  readonly path: readonly string[];
  readonly type: ParameterType;
  readonly description: string;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  readonly enum: readonly string[] | undefined;
  readonly base: Json;
  readonly values: ReadonlyMap<string, Json>;
  readonly source: SourcePosition | undefined;
  readonly specPath: string;
  readonly builtin: Builtin | undefined;
  readonly exactCase: boolean | undefined;
  readonly #governsOf: (name: string) => readonly string[];

  constructor(fields: Omit<Parameter, 'governs'>, governsOf: (name: string) => readonly string[]) {
    this.name = fields.name;
    this.path = fields.path;
    this.type = fields.type;
    this.description = fields.description;
    this.minimum = fields.minimum;
    this.maximum = fields.maximum;
    this.enum = fields.enum;
    this.base = fields.base;
    this.values = fields.values;
    this.source = fields.source;
    this.specPath = fields.specPath;
    this.builtin = fields.builtin;
    this.exactCase = fields.exactCase;
    this.#governsOf = governsOf;
  }

  get governs(): readonly string[] {
    return this.#governsOf(this.name);
  }

  /** The same parameter, its last segment spelt with its own case in Terraform and Pulumi. */
  spelledExactly(): RegisteredParameter {
    return new RegisteredParameter({ ...this, exactCase: true }, this.#governsOf);
  }
}

/**
 * The registry's lookups over its parameters. A function of its own so its methods hold only the
 * parameters: closures share their scope, and the knobs the parameters were made from (every field
 * of every environment) would otherwise stay in memory for as long as the registry.
 */
function registryOf(parameters: readonly Parameter[], environments: readonly string[]): ParameterRegistry {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  const valuesByEnvironment = new Map<string | undefined, ParameterValues>();
  const overridesByEnvironment = new Map<string, Parameter[]>();
  const sorted = [...parameters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    parameters: sorted,
    environments,
    get(name) {
      const parameter = byName.get(name);
      if (!parameter) throw new Error(`unknown parameter ${name}`);
      return parameter;
    },
    valuesFor(environment) {
      // Built once per environment: every target and the self-check ask for the same values.
      let values = valuesByEnvironment.get(environment);
      if (!values) {
        values = new Map(parameters.map((p) => [p.name, environment === undefined ? p.base : (p.values.get(environment) as Json)]));
        valuesByEnvironment.set(environment, values);
      }
      return values;
    },
    overridesFor(environment) {
      let overrides = overridesByEnvironment.get(environment);
      if (!overrides) {
        overrides = sorted.filter((p) => JSON.stringify(p.values.get(environment)) !== JSON.stringify(p.base));
        overridesByEnvironment.set(environment, overrides);
      }
      return [...overrides];
    },
  };
}

function nearestPosition(positions: ReadonlyMap<string, SourcePosition>, path: string): SourcePosition | undefined {
  for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
    const position = positions.get(parts.join('.'));
    if (position) return position;
  }
  return undefined;
}

/**
 * Env variables that differ only in case or punctuation (`HTTP_PROXY`, `http_proxy`) would get one
 * Terraform and Pulumi name: those keep their own spelling instead (`api_env_HTTP_PROXY`).
 */
function spellCollidingEnvNamesExactly(parameters: readonly RegisteredParameter[]): Parameter[] {
  const colliding = new Set<string>();
  for (const format of ['terraform', 'pulumi'] as const) {
    const byName = new Map<string, Parameter[]>();
    for (const p of parameters) {
      const name = parameterNames(p)[format];
      const group = byName.get(name);
      if (group) group.push(p);
      else byName.set(name, [p]);
    }
    for (const group of byName.values()) {
      if (group.length > 1) for (const p of group) if (p.path.length === 3 && p.path[1] === 'env') colliding.add(p.name);
    }
  }
  return parameters.map((p) => (colliding.has(p.name) ? p.spelledExactly() : p));
}

/** Two knobs must never share a Helm key, Terraform variable or Pulumi key. */
function findNameCollisions(parameters: readonly Parameter[], spec: AppSpec): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const owner of [...spec.components, ...spec.dependencies]) {
    if ((RESERVED_KEYS as readonly string[]).includes(camelKey(owner.name))) {
      diagnostics.push({
        code: 'reserved-name',
        severity: 'error',
        message: `"${owner.name}" is reserved for a top-level parameter group`,
        position: spec.positions.get(`components.${owner.name}`) ?? spec.positions.get(`dependencies.${owner.name}`),
        hint: `Rename it; reserved: ${RESERVED_KEYS.join(', ')}.`,
      });
    }
  }
  for (const format of ['terraform', 'pulumi', 'helm'] as const) {
    const seen = new Map<string, string>();
    for (const p of parameters) {
      const spelt = parameterNames(p)[format];
      const other = seen.get(spelt);
      if (other) {
        diagnostics.push({
          code: 'parameter-name-collision',
          severity: 'error',
          message: `parameters ${other} and ${p.name} would both be called ${spelt} in ${format}`,
          position: p.source,
          hint: 'Rename one of the components, dependencies or variables involved.',
        });
      }
      seen.set(spelt, p.name);
    }
  }
  return diagnostics;
}

/**
 * The spelling rule, the same for every parameter:
 * - Helm: the logical path (`authService.image.tag`), read with `index` where a key is not an identifier;
 * - Terraform: every segment snake_cased, joined by `_` (`auth_service_image_tag`);
 * - Pulumi: every segment camelCased, joined (`authServiceImageTag`).
 */
export function parameterNames(parameter: Pick<Parameter, 'path' | 'exactCase'>): { readonly helm: string; readonly terraform: string; readonly pulumi: string } {
  if (parameter.exactCase) {
    const exact = parameter.path[parameter.path.length - 1];
    const words = parameter.path.slice(0, -1).flatMap(splitWords);
    const camel = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
    return { helm: parameter.path.join('.'), terraform: `${words.join('_')}_${exact}`, pulumi: `${camel}_${exact}` };
  }
  // Every emitter spells every parameter: work the words out once per parameter path.
  let names = spelt.get(parameter.path);
  if (!names) {
    const words = parameter.path.flatMap(splitWords);
    names = Object.freeze({
      helm: parameter.path.join('.'),
      terraform: words.join('_'),
      pulumi: words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join(''),
    });
    spelt.set(parameter.path, names);
  }
  return names;
}

const spelt = new WeakMap<readonly string[], { readonly helm: string; readonly terraform: string; readonly pulumi: string }>();

/** `targetCPUUtilizationPercentage` → target, cpu, utilization, percentage; `LOG_LEVEL` → log, level. */
function splitWords(segment: string): readonly string[] {
  let words = wordsOf.get(segment);
  if (!words) {
    words = segment
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w.toLowerCase());
    if (wordsOf.size >= WORDS_KEPT) wordsOf.clear();
    wordsOf.set(segment, words);
  }
  return words;
}

// Path segments repeat across parameters (`replicas`, `image`, each component's name): split each once.
const wordsOf = new Map<string, readonly string[]>();
const WORDS_KEPT = 10_000;

/** The alerts' switches, thresholds, durations and severities, so each environment can tune them. */
function alertingKnobs(spec: AppSpec): Knob[] {
  if (!spec.alerting) return [];
  const knobs: Knob[] = [{ path: ['alerting', 'enabled'], type: 'boolean', value: spec.alerting.enabled, description: 'Create the PrometheusRule with the app\'s alerts (and the AlertmanagerConfig routing them).', specPath: 'alerting.enabled' }];
  for (const alert of spec.alerting.alerts) {
    const row = DEFAULT_ALERTS.find((a) => a.id === alert.id)!;
    const path = ['alerting', camelKey(alert.id)];
    const specPath = `alerting.alerts.${alert.id}`;
    knobs.push(
      { path: [...path, 'enabled'], type: 'boolean', value: alert.enabled, description: `Raise the ${row.name} alert.`, specPath },
      { path: [...path, 'threshold'], type: 'integer', minimum: 0, value: alert.threshold, description: `Threshold of ${row.name}, in ${row.unit}.`, specPath: `${specPath}.threshold` },
      { path: [...path, 'for'], type: 'string', value: alert.for, description: `How long the condition of ${row.name} must hold before it fires.`, specPath: `${specPath}.for` },
      { path: [...path, 'severity'], type: 'string', enum: ['critical', 'warning', 'info'], value: alert.severity, description: `Severity label of ${row.name}.`, specPath: `${specPath}.severity` },
    );
  }
  for (const route of spec.alerting.routes) {
    const path = ['alerting', 'routes', camelKey(route.key)];
    const specPath = `alerting.routes.${route.key}`;
    knobs.push({ path: [...path, 'repeatInterval'], type: 'string', value: route.repeat, description: `How often a firing ${route.key} alert is sent again.`, specPath: `${specPath}.repeat` });
    for (const receiver of spec.alerting.receivers) {
      knobs.push({ path: [...path, 'receivers', camelKey(receiver.name)], type: 'boolean', value: route.receivers.includes(receiver.name), description: `Send ${route.key} alerts to the receiver ${receiver.name}.`, specPath: `${specPath}.receivers` });
    }
  }
  return knobs;
}
