// berth.yaml text → LoadedSpec (the base AppSpec and one AppSpec per environment), or every error at once.
// Pure: the caller reads the file; errors carry file:line:column, what is allowed and a suggestion.
import { parseDocument } from 'yaml';
import type * as z from 'zod';
import { formatPosition, InputError, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import type { AppSpec, Component } from './app-spec.ts';
import { checkAlerting } from './check-alerting.ts';
import { checkDelivery } from './check-delivery.ts';
import { checkStrategies } from './check-strategy.ts';
import { checkSecrets } from './check-secrets.ts';
import { closestMatch } from './did-you-mean.ts';
import { applyEnvironment, normalizeSpec } from './normalize.ts';
import { parseQuantity } from './quantity.ts';
import { specSchema, toJsonSchema, type SpecInput } from './schema.ts';
import { createSourceLocator, type PathSegment, type SourceLocator } from './source-map.ts';
import { LineIndex, readSpecYaml, sourceTreeOf, type ReadYaml, type SourceNode } from './spec-yaml.ts';

/** Exceptions that relax a secure default in the objects (not only in `berth check`). */
export const MODEL_EXCEPTIONS = ['readonly-root-filesystem', 'run-as-non-root', 'service-account-token-automount'];

/** Alias expansions a spec may use; far above what a hand-written berth.yaml needs. */
const MAX_ALIAS_COUNT = 1000;

export interface LoadedSpec {
  readonly input: SpecInput;
  /** The spec without any environment overrides. */
  readonly base: AppSpec;
  /** Each environment's view of the spec, in declaration order. */
  readonly environments: ReadonlyMap<string, AppSpec>;
}

export type LoadResult = { ok: true; spec: LoadedSpec; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export function loadSpec(text: string, file: string): LoadResult {
  const lines = new LineIndex(text);
  const read = readSpecYaml(text) ?? readWithYamlPackage(text, file, lines);
  if ('diagnostics' in read) return { ok: false, diagnostics: read.diagnostics };
  const { value: raw, root } = read;
  const locator = createSourceLocator(file, root, lines);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      diagnostics: [
        {
          code: 'spec-not-a-mapping',
          severity: 'error',
          message: 'berth.yaml must be a mapping with at least `name`, `version` and `components`',
          position: { file, line: 1, column: 1 },
          hint: 'Start from an example: examples/todo-chatbot/berth.yaml.',
        },
      ],
    };
  }

  const parsed = specSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, diagnostics: sortDiagnostics(parsed.error.issues.flatMap((issue) => describeIssue(issue, raw, locator))) };
  }
  const input = parsed.data as SpecInput;
  const referenceErrors = checkReferences(input, locator);
  if (referenceErrors.some((d) => d.severity === 'error')) return { ok: false, diagnostics: sortDiagnostics(referenceErrors) };

  const positions = collectPositions(root, lines, file);
  let base: AppSpec;
  const environments = new Map<string, AppSpec>();
  try {
    base = normalizeSpec(input, file, positions);
    for (const name of Object.keys(input.environments ?? {})) {
      environments.set(name, normalizeSpec(applyEnvironment(input, name), file, positions));
    }
  } catch (error) {
    // A value the schema cannot judge alone (a metrics port that is not one of the ports).
    if (error instanceof InputError) return { ok: false, diagnostics: sortDiagnostics([...error.diagnostics]) };
    throw error;
  }
  const semanticErrors = [
    ...checkNormalized(base, undefined, locator),
    ...[...environments].flatMap(([name, spec]) => checkNormalized(spec, name, locator)),
    ...checkSecrets(input, base, environments, locator),
  ];
  const unique = dedupe([...referenceErrors, ...semanticErrors]);
  if (unique.some((d) => d.severity === 'error')) return { ok: false, diagnostics: sortDiagnostics(unique) };
  return { ok: true, spec: { input, base, environments }, warnings: unique };
}

/** The full YAML parser, for what readSpecYaml leaves to it: syntax errors, anchors, tags... */
function readWithYamlPackage(text: string, file: string, lines: LineIndex): ReadYaml | { diagnostics: Diagnostic[] } {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntaxErrors: Diagnostic[] = document.errors.map((error) => ({
    code: 'yaml-syntax',
    severity: 'error',
    message: error.message.split('\n')[0],
    position: { file, ...lines.position(error.pos[0]) },
    hint: 'Fix the YAML syntax; indentation uses spaces, and every key is followed by ": ".',
  }));
  if (syntaxErrors.length > 0) return { diagnostics: syntaxErrors };
  try {
    return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), root: sourceTreeOf(document.contents) };
  } catch (error) {
    // The yaml library refuses documents whose aliases expand without bound ("billion laughs").
    return {
      diagnostics: [
        {
          code: 'yaml-aliases',
          severity: 'error',
          message: `the YAML expands its aliases (*name) too often to be read safely: ${(error as Error).message}`,
          position: { file, line: 1, column: 1 },
          hint: `Write the repeated values out, or use fewer aliases (at most ${MAX_ALIAS_COUNT} expansions).`,
        },
      ],
    };
  }
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown, locator: SourceLocator): Diagnostic[] {
  const path = issue.path as PathSegment[];
  const dotted = path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(path);
    return issue.keys.map((key) => {
      const suggestion = closestMatch(key, allowed);
      return {
        code: 'unknown-key',
        severity: 'error',
        message: `unknown key "${key}"${dotted ? ` in ${dotted}` : ''}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        position: locator.keyAt(path, key),
        path: [...path, key].join('.'),
        hint: allowed.length > 0 ? `Allowed keys here: ${allowed.join(', ')}.` : undefined,
      };
    });
  }
  if (issue.code === 'invalid_key') {
    const key = String(path[path.length - 1]);
    const parent = path.slice(0, -1);
    const rule = (issue.issues[0]?.message ?? '').replace(/^Invalid input: /, '');
    return [
      {
        code: 'invalid-name',
        severity: 'error',
        message: `${parent.join('.')}: the name "${key}" ${rule || 'is not allowed'}${/characters$/.test(rule) ? ` (it has ${key.length})` : ''}`,
        position: locator.keyAt(parent, key),
        path: dotted,
        hint: 'Names are DNS labels: lowercase letters, digits and "-", starting with a letter, at most 40 characters (berth prefixes them with the app name, and Kubernetes allows 63).',
      },
    ];
  }
  const value = valueAt(raw, path);
  const got = value === undefined ? 'nothing' : JSON.stringify(value);
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && value === undefined) {
    const key = String(path[path.length - 1]);
    return [
      {
        code: 'missing-key',
        severity: 'error',
        message: `${dotted} is required`,
        position: locator.valueAt(path),
        path: dotted,
        hint: issue.code === 'invalid_type' ? `Add "${key}" (${issue.expected}).` : (describeAllowed(path) ?? `Add "${key}".`),
      },
    ];
  }
  if (issue.code === 'invalid_union') {
    // Report the alternative that got furthest, instead of "Invalid input"; but when that is only a
    // literal mismatch (`expected false` for a string), name every accepted form instead.
    const nested = issue.errors
      .map((errors) => errors.filter((e) => e.code !== 'invalid_type' || e.path.length > 0))
      .filter((errors) => errors.length > 0)
      .sort((a, b) => a.length - b.length)[0];
    const literalOnly = nested?.every((e) => e.code === 'invalid_value' && e.path.length === 0);
    if (nested && !literalOnly) {
      return nested.flatMap((e) => describeIssue({ ...e, path: [...path, ...e.path] } as z.core.$ZodIssue, raw, locator));
    }
  }
  const allowed = describeAllowed(path);
  if (issue.code === 'invalid_union') {
    return [
      {
        code: 'invalid-value',
        severity: 'error',
        message: `${dotted} has an unsupported form (got ${got})${allowed ? `; it takes ${allowed.replace(/^Allowed: /, '').replace(/\.$/, '')}` : ''}`,
        position: locator.valueAt(path),
        path: dotted,
        hint: allowed,
      },
    ];
  }
  return [
    {
      code: 'invalid-value',
      severity: 'error',
      message: `${dotted || 'spec'} ${issue.message.replace(/^Invalid input: /, '').replace(/^Too small: /, '').replace(/^Too big: /, '')} (got ${got})`,
      position: locator.valueAt(path),
      path: dotted,
      hint: allowed,
    },
  ];
}

/** The description the JSON Schema gives for the field at `path`: what is allowed there. */
function describeAllowed(path: readonly PathSegment[]): string | undefined {
  const schemas = schemasAt(path);
  const description = schemas.map((s) => s.description).find((d): d is string => typeof d === 'string');
  return description ? `Allowed: ${description}` : undefined;
}

type JsonSchema = Record<string, unknown>;
let cachedSchema: JsonSchema | undefined;

function schemasAt(path: readonly PathSegment[]): JsonSchema[] {
  cachedSchema ??= toJsonSchema();
  let current: JsonSchema[] = [cachedSchema];
  for (const segment of path) {
    const next: JsonSchema[] = [];
    for (const schema of current.flatMap(expandAlternatives)) {
      const properties = schema.properties as Record<string, JsonSchema> | undefined;
      if (typeof segment === 'string' && properties?.[segment]) next.push(properties[segment]);
      else if (typeof segment === 'string' && typeof schema.additionalProperties === 'object') next.push(schema.additionalProperties as JsonSchema);
      else if (typeof segment === 'number' && typeof schema.items === 'object') next.push(schema.items as JsonSchema);
    }
    current = next;
  }
  return current.flatMap(expandAlternatives);
}

function expandAlternatives(schema: JsonSchema): JsonSchema[] {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return alternatives ? [schema, ...alternatives.flatMap(expandAlternatives)] : [schema];
}

function allowedKeysAt(path: readonly PathSegment[]): string[] {
  const keys = schemasAt(path).flatMap((s) => Object.keys((s.properties as object | undefined) ?? {}));
  return [...new Set(keys)].filter((k) => k !== '$schema').sort();
}

function valueAt(raw: unknown, path: readonly PathSegment[]): unknown {
  let value = raw;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment as string];
  }
  return value;
}

function error(code: string, message: string, position: SourcePosition, path: string, hint?: string): Diagnostic {
  return { code, severity: 'error', message, position, path, hint };
}

/** Names that point elsewhere in the spec must point at something that exists. */
function checkReferences(input: SpecInput, locator: SourceLocator): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const componentNames = Object.keys(input.components);
  const dependencyNames = Object.keys(input.dependencies ?? {});
  const unknownName = (kind: string, name: string, known: string[], path: PathSegment[]) => {
    const suggestion = closestMatch(name, known);
    diagnostics.push(
      error(
        `unknown-${kind}`,
        `no ${kind} named "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        locator.valueAt(path),
        path.join('.'),
        known.length > 0 ? `Declared ${kind}s: ${known.join(', ')}.` : `Declare it under ${kind === 'component' ? 'components' : kind === 'cronjob' ? 'cronjobs' : 'dependencies'}.`,
      ),
    );
  };

  for (const name of Object.keys(input.jobs ?? {})) {
    if (componentNames.includes(name) || dependencyNames.includes(name)) {
      diagnostics.push(
        error('duplicate-name', `job "${name}" has the name of a ${componentNames.includes(name) ? 'component' : 'dependency'}; their objects would share a name`, locator.keyAt(['jobs'], name), `jobs.${name}`, 'Rename the job, e.g. migrate.'),
      );
    }
  }
  for (const name of dependencyNames) {
    if (componentNames.includes(name)) {
      diagnostics.push(
        error('duplicate-name', `"${name}" is both a component and a dependency; their objects would share a name`, locator.keyAt(['dependencies'], name), `dependencies.${name}`, 'Rename one of them.'),
      );
    }
  }
  const checkSpread = (spread: unknown, path: PathSegment[]) => {
    if (!Array.isArray(spread)) return;
    spread.forEach((constraint: { minDomains?: number; whenUnsatisfiable?: string }, index) => {
      if (constraint.minDomains === undefined || constraint.whenUnsatisfiable === 'DoNotSchedule') return;
      diagnostics.push(error('topology-spread-min-domains', 'minDomains only applies with whenUnsatisfiable: DoNotSchedule (Kubernetes refuses it otherwise)', locator.keyAt([...path, index], 'minDomains'), `${path.join('.')}.${index}.minDomains`, 'Add `whenUnsatisfiable: DoNotSchedule`, or drop minDomains.'));
    });
  };
  for (const [name, component] of Object.entries(input.components)) {
    checkSpread(component.placement?.topologySpread, ['components', name, 'placement', 'topologySpread']);
    for (const [envName, env] of Object.entries(input.environments ?? {})) {
      checkSpread(env.components?.[name]?.placement?.topologySpread, ['environments', envName, 'components', name, 'placement', 'topologySpread']);
    }
    for (const field of ['maxSurge', 'maxUnavailable'] as const) {
      if (!component.stateful || component.rollout?.[field] === undefined) continue;
      diagnostics.push({ ...error('stateful-rollout', `${name} is stateful: a StatefulSet replaces its pods one at a time, so rollout.${field} does not apply`, locator.keyAt(['components', name, 'rollout'], field), `components.${name}.rollout.${field}`, 'Remove it (rollout.minReadySeconds still applies).'), severity: 'warning' });
    }
    for (const [containerName, container] of Object.entries(component.initContainers ?? {})) {
      if (container.health !== undefined) {
        diagnostics.push(error('init-container-health', `init container ${containerName} of ${name} declares health checks, which only sidecars take`, locator.keyAt(['components', name, 'initContainers', containerName], 'health'), `components.${name}.initContainers.${containerName}.health`, 'An init container runs to completion before the pod starts: remove `health`, or move the container under sidecars.'));
      }
      if (container.native === undefined) continue;
      diagnostics.push(error('native-init-container', `init container ${containerName} of ${name} sets native, which only sidecars take`, locator.keyAt(['components', name, 'initContainers', containerName], 'native'), `components.${name}.initContainers.${containerName}.native`, `Move it under components.${name}.sidecars with native: true to run it beside the main container from the start.`));
    }
    (component.uses ?? []).forEach((use, index) => {
      const dependency = typeof use === 'string' ? use : use.dependency;
      if (!dependencyNames.includes(dependency)) unknownName('dependency', dependency, dependencyNames, ['components', name, 'uses', index]);
    });
    for (const key of Object.keys(component.labels ?? {})) {
      if (!/^(app\.kubernetes\.io|berth\.dev)\//.test(key)) continue;
      diagnostics.push(error('label-reserved', `component ${name} sets label ${key}, which berth sets itself`, locator.keyAt(['components', name, 'labels'], key), `components.${name}.labels.${key}`, 'Use your own prefix (e.g. team, example.com/tier); app.kubernetes.io/* and berth.dev/* select and describe the pods.'));
    }
    if (component.routes?.length && component.port === undefined) {
      diagnostics.push(error('route-without-port', `component ${name} has routes but no port to route to`, locator.keyAt(['components', name], 'routes'), `components.${name}.routes`, 'Add `port:` to the component.'));
    }
    const hostNames = Object.keys(input.ingress?.hosts ?? {});
    (component.routes ?? []).forEach((route, index) => {
      if (typeof route === 'string' || route.host === undefined || hostNames.includes(route.host)) return;
      const suggestion = closestMatch(route.host, hostNames);
      diagnostics.push(
        error(
          'unknown-host',
          `component ${name} routes to host "${route.host}", which ingress.hosts does not declare${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          locator.valueAt(['components', name, 'routes', index, 'host']),
          `components.${name}.routes.${index}.host`,
          hostNames.length > 0 ? `Declared hosts: ${hostNames.join(', ')}; omit host for the main one.` : 'Declare it: ingress: { hosts: { <name>: { host: api.example.com } } }.',
        ),
      );
    });
    if (component.routes?.length && !input.ingress) {
      diagnostics.push(error('route-without-ingress', `component ${name} has routes but the spec has no ingress`, locator.keyAt(['components', name], 'routes'), `components.${name}.routes`, 'Add `ingress: { host: app.example.com }` at the top level.'));
    }
    for (const [containerName, sidecar] of Object.entries(component.sidecars ?? {})) {
      const check = sidecar.health;
      if (!check) continue;
      const where = ['components', name, 'sidecars', containerName];
      const checks = (['http', 'tcp', 'grpc', 'exec'] as const).filter((k) => check[k] !== undefined);
      if (checks.length !== 1) {
        diagnostics.push(error('health-ambiguous', `sidecar ${containerName} of ${name} declares ${checks.length === 0 ? 'no' : checks.join(' and ')} health checks; choose one`, locator.keyAt(where, 'health'), `${where.join('.')}.health`, 'Keep exactly one of http, tcp, grpc or exec (or leave `health` out: the sidecar then has no probes).'));
      }
      const needsPort = (check.http !== undefined && (typeof check.http === 'string' || check.http.port === undefined)) || check.tcp === true || check.grpc === true;
      if (needsPort && (sidecar.ports ?? []).length === 0) {
        diagnostics.push(error('health-without-port', `sidecar ${containerName} of ${name} checks health on its port but declares no ports`, locator.keyAt(where, 'health'), `${where.join('.')}.health`, 'Add `ports: [{ name: admin, port: 15000 }]` to the sidecar, or give the check its own port.'));
      }
    }
    const health = component.health;
    if (health) {
      const checks = (['http', 'tcp', 'grpc', 'exec'] as const).filter((k) => health[k] !== undefined);
      if (checks.length > 1) {
        diagnostics.push(error('health-ambiguous', `component ${name} declares ${checks.join(' and ')} health checks; choose one`, locator.keyAt(['components', name], 'health'), `components.${name}.health`, 'Keep exactly one of http, tcp, grpc or exec.'));
      }
      const needsPort = (health.http !== undefined && (typeof health.http === 'string' || health.http.port === undefined)) || health.tcp === true || health.grpc === true;
      if (needsPort && component.port === undefined) {
        diagnostics.push(error('health-without-port', `component ${name} checks health on its main port but declares no port`, locator.keyAt(['components', name], 'health'), `components.${name}.health`, 'Add `port:` to the component or give the check its own port.'));
      }
    } else if (health === undefined && component.port === undefined) {
      diagnostics.push({
        code: 'no-health-check',
        severity: 'warning',
        message: `component ${name} has no port and no health check, so it gets no probes`,
        position: locator.keyAt(['components'], name),
        path: `components.${name}`,
        hint: 'Add `health: { exec: [...] }`, or `health: false` with an exception for the probe rules.',
      });
    }
  }
  for (const [name, job] of Object.entries(input.jobs ?? {})) {
    if (!componentNames.includes(job.component)) unknownName('component', job.component, componentNames, ['jobs', name, 'component']);
  }
  const jobNames = Object.keys(input.jobs ?? {});
  for (const [name, task] of Object.entries(input.cronjobs ?? {})) {
    if (!componentNames.includes(task.component)) unknownName('component', task.component, componentNames, ['cronjobs', name, 'component']);
    const clash = componentNames.includes(name) ? 'component' : dependencyNames.includes(name) ? 'dependency' : jobNames.includes(name) ? 'job' : undefined;
    if (clash) diagnostics.push(error('duplicate-name', `cronjob "${name}" has the name of a ${clash}; their objects would share a name`, locator.keyAt(['cronjobs'], name), `cronjobs.${name}`, 'Rename the task, e.g. nightly-report.'));
  }
  for (const [envName, env] of Object.entries(input.environments ?? {})) {
    for (const [componentName, override] of Object.entries(env.components ?? {})) {
      const base = input.components[componentName];
      if (!base) {
        unknownName('component', componentName, componentNames, ['environments', envName, 'components', componentName]);
        continue;
      }
      for (const key of Object.keys(override.env ?? {})) {
        const declared = base.env?.[key];
        if (declared === undefined || typeof declared === 'object') {
          diagnostics.push(
            error(
              'env-not-declared',
              `environment ${envName} sets ${componentName}.env.${key}, which the component does not declare as a literal`,
              locator.keyAt(['environments', envName, 'components', componentName, 'env'], key),
              `environments.${envName}.components.${componentName}.env.${key}`,
              `Declare ${key} with its default under components.${componentName}.env; environments only change values the base declares.`,
            ),
          );
        }
      }
      for (const kind of ['pod', 'service', 'serviceAccount'] as const) {
        for (const key of Object.keys(override.annotations?.[kind] ?? {})) {
          if (base.annotations?.[kind]?.[key] !== undefined || input.annotations?.[kind]?.[key] !== undefined) continue;
          diagnostics.push(
            error(
              'annotation-not-declared',
              `environment ${envName} sets the ${kind} annotation ${key} of ${componentName}, which the spec does not declare`,
              locator.keyAt(['environments', envName, 'components', componentName, 'annotations', kind], key),
              `environments.${envName}.components.${componentName}.annotations.${kind}.${key}`,
              `Declare it with its default under components.${componentName}.annotations.${kind}; environments only change values the base declares.`,
            ),
          );
        }
      }
      for (const key of Object.keys(override.placement?.nodeSelector ?? {})) {
        if (base.placement?.nodeSelector?.[key] !== undefined) continue;
        diagnostics.push(error('placement-not-declared', `environment ${envName} sets nodeSelector ${key} of ${componentName}, which the component does not declare`, locator.keyAt(['environments', envName, 'components', componentName, 'placement', 'nodeSelector'], key), `environments.${envName}.components.${componentName}.placement.nodeSelector.${key}`, `Declare it with its default under components.${componentName}.placement.nodeSelector.`));
      }
      for (const field of ['priorityClassName', 'terminationGracePeriodSeconds'] as const) {
        if (override.placement?.[field] === undefined || base.placement?.[field] !== undefined) continue;
        diagnostics.push(error('placement-not-declared', `environment ${envName} sets ${field} of ${componentName}, which the component does not declare`, locator.keyAt(['environments', envName, 'components', componentName, 'placement'], field), `environments.${envName}.components.${componentName}.placement.${field}`, `Declare it with its default under components.${componentName}.placement.`));
      }
      if (override.health && (base.health === undefined || base.health === false)) {
        diagnostics.push(error('health-not-declared', `environment ${envName} tunes ${componentName}'s probes, but the component declares no health check`, locator.keyAt(['environments', envName, 'components', componentName], 'health'), `environments.${envName}.components.${componentName}.health`, 'Declare `health:` on the component.'));
      }
    }
    for (const taskName of Object.keys(env.cronjobs ?? {})) {
      if (!input.cronjobs?.[taskName]) unknownName('cronjob', taskName, Object.keys(input.cronjobs ?? {}), ['environments', envName, 'cronjobs', taskName]);
    }
    for (const dependencyName of Object.keys(env.dependencies ?? {})) {
      if (!dependencyNames.includes(dependencyName)) unknownName('dependency', dependencyName, dependencyNames, ['environments', envName, 'dependencies', dependencyName]);
    }
    (env.exceptions ?? []).forEach((exception, index) => {
      if (MODEL_EXCEPTIONS.includes(exception.rule)) {
        diagnostics.push(
          error(
            'exception-changes-objects',
            `environment ${envName} accepts ${exception.rule}, which changes the objects themselves; that can only be declared per component`,
            locator.valueAt(['environments', envName, 'exceptions', index, 'rule']),
            `environments.${envName}.exceptions.${index}`,
            `Move it to components.<name>.exceptions (it then holds in every environment).`,
          ),
        );
      }
    });
    for (const hostName of Object.keys(env.ingress?.hosts ?? {})) {
      if (input.ingress?.hosts?.[hostName]) continue;
      diagnostics.push(error('unknown-host', `environment ${envName} overrides ingress host "${hostName}", which ingress.hosts does not declare`, locator.keyAt(['environments', envName, 'ingress', 'hosts'], hostName), `environments.${envName}.ingress.hosts.${hostName}`, 'Declare the host under the top-level ingress.hosts first.'));
    }
    if (env.ingress && !input.ingress) {
      diagnostics.push(error('ingress-not-declared', `environment ${envName} overrides the ingress, but the spec has none`, locator.keyAt(['environments', envName], 'ingress'), `environments.${envName}.ingress`, 'Declare `ingress:` at the top level.'));
    }
  }
  diagnostics.push(...checkDelivery(input, locator));
  diagnostics.push(...checkAlerting(input, locator));
  return diagnostics;
}

/** Rules that need the merged, defaulted view (they can break in one environment only). */
function checkNormalized(spec: AppSpec, envName: string | undefined, locator: SourceLocator): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Point at the environment's override when it made the value wrong, else at the component.
  const where = (componentName: string, key: string): [SourcePosition, string] => {
    const envPath = ['environments', envName ?? '', 'components', componentName, key];
    const basePath = ['components', componentName, key];
    return envName && locator.has(envPath)
      ? [locator.valueAt(envPath), envPath.join('.')]
      : [locator.valueAt(basePath), basePath.join('.')];
  };
  const scope = envName ? ` in environment ${envName}` : '';
  // Routes, env names and health ports are not environment-specific: check them once, on the base.
  if (envName === undefined) diagnostics.push(...checkRoutes(spec), ...spec.components.flatMap((c) => checkComponentIntent(spec, c)));
  diagnostics.push(...checkStrategies(spec, envName, locator));
  for (const c of spec.components) {
    if (c.autoscale.enabled && c.autoscale.min > c.autoscale.max) {
      const [position, path] = where(c.name, 'autoscale');
      diagnostics.push(error('autoscale-bounds', `${c.name}: autoscale min ${c.autoscale.min} is above max ${c.autoscale.max}${scope}`, position, path, 'Make min <= max.'));
    }
    for (const resource of ['cpu', 'memory'] as const) {
      const request = parseQuantity(c.resources.requests[resource]);
      const limit = parseQuantity(c.resources.limits[resource]);
      if (request !== undefined && limit !== undefined && request > limit) {
        const [position, path] = where(c.name, 'resources');
        diagnostics.push(error('resources-request-above-limit', `${c.name}: ${resource} request ${c.resources.requests[resource]} is above its limit ${c.resources.limits[resource]}${scope}`, position, path, 'Write request..limit with request <= limit, e.g. 250m..500m.'));
      }
    }
    const replicated = c.autoscale.enabled ? c.autoscale.max > 1 : c.replicas > 1;
    const exclusive = c.volumes.filter((v) => v.accessMode === 'ReadWriteOnce' || v.accessMode === 'ReadWriteOncePod');
    // A stateful component's replicas each get their own claims.
    if (replicated && exclusive.length > 0 && !c.stateful) {
      const [position, path] = where(c.name, 'volumes');
      diagnostics.push({
        code: 'volume-single-writer',
        severity: 'warning',
        message: `${c.name}: volume ${exclusive.map((v) => v.name).join(', ')} is ${exclusive[0].accessMode} but more than one replica can run${scope}; pods on other nodes will not start`,
        position,
        path,
        hint: 'Run one replica (replicas: 1, no autoscale), make it `stateful: true` (a claim per replica), use accessMode: ReadWriteMany with a storage class that supports it, or keep state in a dependency.',
      });
    }
    const seen = new Map<number, string>();
    for (const p of c.ports) {
      if (seen.has(p.port) || [...seen.values()].includes(p.name)) {
        const [position, path] = where(c.name, 'ports');
        diagnostics.push(error('duplicate-port', `${c.name}: port ${p.port} (${p.name}) is declared twice`, position, path, 'Give every port its own number and name.'));
      }
      seen.set(p.port, p.name);
    }
  }
  return diagnostics;
}

/** Two components on the same host and path: which one the controller picks is not defined. */
function checkRoutes(spec: AppSpec): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const owners = new Map<string, string>();
  for (const c of spec.components) {
    c.routes.forEach((route, index) => {
      const key = `${route.host ?? ''} ${route.pathType} ${route.path}`;
      const other = owners.get(key);
      const otherAt = other === undefined ? undefined : formatPosition(spec.positions.get(`components.${other}.routes`));
      const position = spec.positions.get(`components.${c.name}.routes.${index}`) ?? spec.positions.get(`components.${c.name}.routes`)!;
      if (other !== undefined) {
        diagnostics.push(
          error(
            'duplicate-route',
            `${c.name} routes ${route.path} (${route.pathType}) on ${(route.host ? spec.ingress?.hosts.find((h) => h.name === route.host)?.host : spec.ingress?.host) ?? 'the ingress host'}, which ${other === c.name ? 'it already routes' : `component ${other} already routes (${otherAt})`}`,
            position,
            `components.${c.name}.routes.${index}`,
            'Give each component its own path (e.g. /api for the API, / for the web front end); the longest matching prefix wins.',
          ),
        );
      } else owners.set(key, c.name);
    });
  }
  return diagnostics;
}

/** A connection variable named after the dependency (`main-db` → `MAIN_DB_URL`), for hints. */
function urlVariableFor(dependency: string): string {
  return `${dependency.toUpperCase().replace(/-/g, '_')}_URL`;
}

/** Intent that contradicts itself inside one component: a literal beside an injected URL, a probe on an undeclared port. */
function checkComponentIntent(spec: AppSpec, c: Component): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const injected = new Map<string, string>();
  c.uses.forEach((use, index) => {
    const position = spec.positions.get(`components.${c.name}.uses.${index}`) ?? spec.positions.get(`components.${c.name}.uses`)!;
    const path = `components.${c.name}.uses.${index}`;
    const declared = c.env.find((v) => v.name === use.env);
    if (declared) {
      diagnostics.push(
        error(
          'env-shadows-uses',
          `${c.name} sets env ${use.env} and also uses ${use.dependency}, which injects ${use.env}; only one can win`,
          spec.positions.get(`components.${c.name}.env.${use.env}`) ?? position,
          `components.${c.name}.env.${use.env}`,
          `Remove env.${use.env} (berth injects the URL of ${use.dependency}), or inject it under another name: uses: [{ dependency: ${use.dependency}, env: ${urlVariableFor(use.dependency)} }].`,
        ),
      );
    }
    const other = injected.get(use.env);
    if (other !== undefined) {
      diagnostics.push(
        error(
          'env-shadows-uses',
          `${c.name} uses ${other} and ${use.dependency}, which both inject ${use.env}`,
          position,
          path,
          `Name one of them: uses: [{ dependency: ${use.dependency}, env: ${urlVariableFor(use.dependency)} }].`,
        ),
      );
    } else injected.set(use.env, use.dependency);
  });
  const check = c.health?.check;
  if (check && check.type !== 'exec' && !c.ports.some((p) => p.port === check.port)) {
    diagnostics.push(
      error(
        'probe-port-undeclared',
        `${c.name} checks ${check.type} health on port ${check.port}, which the component does not declare`,
        spec.positions.get(`components.${c.name}.health`)!,
        `components.${c.name}.health`,
        `Declare it: ports: [{ name: health, port: ${check.port} }], or check a declared port (${c.ports.map((p) => p.port).join(', ') || 'none declared'}).`,
      ),
    );
  }
  return diagnostics;
}

/** Every position in the document, keyed by dotted path; the canonical model uses it to point findings at lines. */
function collectPositions(root: SourceNode | undefined, lines: LineIndex, file: string): Map<string, SourcePosition> {
  const positions = new Map<string, SourcePosition>();
  const at = (offset: number): SourcePosition => ({ file, ...lines.position(offset) });
  // Map entries point at their key ("replicas:"), list items at the item (or the list, for an item
  // without a node); read off the tree in one walk rather than looked up from the root per path.
  const walk = (node: SourceNode | undefined, path: string) => {
    if (node?.kind === 'map') {
      const seen = new Set<string>();
      for (const entry of node.entries) {
        // Keys that spell alike (`1` and "1") are found as the first, as the locator finds them.
        if (seen.has(entry.key)) continue;
        seen.add(entry.key);
        const child = path ? `${path}.${entry.key}` : entry.key;
        positions.set(child, at(entry.keyOffset));
        walk(entry.value, child);
      }
    } else if (node?.kind === 'seq') {
      node.items.forEach((item, index) => {
        const child = path ? `${path}.${index}` : String(index);
        positions.set(child, at((item ?? node).offset));
        walk(item, child);
      });
    }
  };
  walk(root, '');
  return positions;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.position?.line}:${d.position?.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.column ?? 0) - (b.position?.column ?? 0));
}
