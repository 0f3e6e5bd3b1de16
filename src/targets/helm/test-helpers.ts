// Shared by the Helm target's tests: load a spec, write its chart to a temporary directory, run
// helm with bounded parallelism, and pick "another valid value" for a parameter.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Parameter } from '../../model/parameters.ts';
import { buildAppModel, evaluateObjects, type AppModel } from '../../model/resolve.ts';
import { isExpr, referencedParameters, type Expr, type Json, type Value } from '../../model/template.ts';
import { loadSpec } from '../../spec/load.ts';
import { emitHelmChart } from './emit-chart.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function modelFromText(text: string, file = 'berth.yaml'): AppModel {
  const result = loadSpec(text, file);
  if (!result.ok) throw new Error(`${file} does not load:\n${result.diagnostics.map((d) => `${d.path ?? ''} ${d.message}`).join('\n')}`);
  return buildAppModel(result.spec);
}

/** Every examples/<name>/berth.yaml that exists. */
export function exampleSpecs(): { name: string; path: string }[] {
  const root = join(REPO_ROOT, 'examples');
  return readdirSync(root)
    .sort()
    .map((name) => ({ name, path: join(root, name, 'berth.yaml') }))
    .filter((e) => existsSync(e.path));
}

export function modelFromFile(path: string): AppModel {
  return modelFromText(readFileSync(path, 'utf8'), path);
}

const scratch: string[] = [];
process.once('exit', () => {
  for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
});

/** A fresh directory under the system's temporary directory, removed when the test process exits. */
export function scratchDirectory(prefix = 'berth-helm-'): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(directory);
  return directory;
}

/** Writes the chart under a fresh temporary directory; returns the chart directory. */
export function writeChart(model: AppModel, prefix = 'berth-helm-'): string {
  const root = scratchDirectory(prefix);
  for (const file of emitHelmChart(model)) {
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return join(root, model.spec.base.name);
}

/** Runs `work` over `items`, at most `limit` at a time (the machines have 2 cores). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface Override {
  readonly value: Json;
  /** The helm flag that sets it: `--set` for typed values, `--set-string` for strings. */
  readonly flag: '--set' | '--set-string';
}

function bumpQuantity(quantity: string): string {
  const match = /^(\d+)(.*)$/.exec(quantity);
  if (match) return `${Number(match[1]) + 1}${match[2]}`;
  return `1${quantity.replace(/^[0-9.]*/, '')}`;
}

/**
 * Other valid values of a parameter: the cases of the table-driven --set test. A parameter that
 * decides something (`decisive`: it appears in a condition) is also tried at its lower bound, where
 * derived values flip (no PDB at 1 replica, no metric at 0).
 */
export function otherValues(parameter: Parameter, current: Json, decisive = true): Override[] {
  switch (parameter.type) {
    case 'integer': {
      const value = current as number;
      const up = parameter.maximum !== undefined && value + 1 > parameter.maximum ? value - 1 : value + 1;
      const cases: Override[] = [{ value: up, flag: '--set' }];
      if (decisive && parameter.minimum !== undefined && parameter.minimum !== value && parameter.minimum !== up) cases.push({ value: parameter.minimum, flag: '--set' });
      return cases;
    }
    case 'boolean':
      return [{ value: !current, flag: '--set' }];
    case 'string': {
      if (parameter.enum) return [{ value: parameter.enum.find((e) => e !== current)!, flag: '--set-string' }];
      return [{ value: current === '' ? 'changed' : `${String(current)}-changed`, flag: '--set-string' }];
    }
    case 'quantity':
      // Also as a number: `--set cpu=2` arrives as an int64, which the chart prints like berth does.
      return [
        { value: bumpQuantity(String(current)), flag: '--set-string' },
        { value: 2, flag: '--set' },
      ];
  }
}

/** `--set` syntax: a backslash escapes the characters the parser would otherwise read. */
export function setArgument(parameter: Parameter, override: Override): string[] {
  const escaped = String(override.value).replace(/[\\,{}[\]]/g, (c) => `\\${c}`);
  // A dot inside a key (an annotation such as cert-manager.io/cluster-issuer) is escaped for --set.
  return [override.flag, `${parameter.path.map((segment) => segment.replace(/\./g, '\\.')).join('.')}=${escaped}`];
}

/** Parameters that some condition reads (an object's toggle, an `if`, a comparison). */
export function decisiveParameters(model: AppModel): Set<string> {
  const found = new Set<string>();
  const visit = (value: Value): void => {
    if (isExpr(value)) {
      const expr = value as Expr;
      if (expr.op === 'if') referencedParameters(expr.condition, found);
      if (expr.op === 'gt' || expr.op === 'eq' || expr.op === 'ne') referencedParameters(value, found);
      for (const child of Object.values(expr)) if (child !== null && typeof child === 'object') visit(child as Value);
    } else if (Array.isArray(value)) {
      (value as readonly Value[]).forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  for (const object of model.objects) {
    if (object.condition !== undefined) referencedParameters(object.condition, found);
    visit(object.body);
  }
  return found;
}

/** The parameter values of `environment` with one parameter changed. */
export function valuesWith(model: AppModel, environment: string | undefined, name: string, value: Json): Map<string, Json> {
  const values = new Map(model.registry.valuesFor(environment));
  values.set(name, value);
  return values;
}

/**
 * A small spec that exercises every kind of parameter and the awkward cases: a component whose
 * name is not a Go identifier, literal values holding `{{ }}`, a numeric-looking string, a worker
 * without a port, in-cluster and external dependencies, two migration Jobs (one on a component with
 * a persistent volume), an ingress with a class, and two environments.
 */
export const SMALL_SPEC = `name: shop
version: 2.1.0
description: A small shop, used by the Helm target's tests
components:
  auth-service:
    image: registry.example.com/shop/auth
    port: 8080
    health: { http: /healthz }
    env:
      GREETING: "Hello {{ .Values.x }}"
      BRACES: "}} not a template {{"
      LOG_LEVEL: info
      PORT_TEXT: "8080"
      API_KEY: { secret: shop-auth, key: api-key }
      POD_NAME: { field: metadata.name }
    files:
      /etc/auth/config.yaml: |
        issuer: "{{ .Release.Name }}"
        audience: shop
    autoscale: { min: 2, max: 4, cpu: 75, memory: 80 }
    routes: [/auth]
    uses: [cache, { dependency: db, env: DB_URL }]
  worker:
    image: registry.example.com/shop/worker:1.0
    command: [worker, --queue, "{{ default }}"]
    replicas: 1
    volumes: { data: { path: /data, size: 1Gi } }
    uses: [cache]
  web:
    image: { repository: registry.example.com/shop/web, pullPolicy: IfNotPresent }
    port: 3000
    routes: [/]
    health: { tcp: true, startup: false }
dependencies:
  cache: { kind: redis }
  db: { kind: postgres, external: { secret: shop-db, key: url } }
jobs:
  migrate: { component: auth-service, command: [migrate, up] }
  reindex: { component: worker, command: [reindex] }
ingress: { host: shop.example.com, className: nginx }
environments:
  dev:
    namespace: shop-dev
    replicas: 1
    components: { auth-service: { autoscale: false, env: { LOG_LEVEL: debug } } }
    dependencies: { db: { inCluster: true } }
  prod:
    namespace: shop-prod
    ingress: { tls: { secret: shop-tls } }
    components: { web: { replicas: 3 } }
`;

const anyIndex = (path: string) => path.replace(/\[\d+\]/g, '[]');

function changedPaths(before: unknown, after: unknown, path: string, into: string[]): void {
  if (before !== null && after !== null && typeof before === 'object' && typeof after === 'object' && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const step = (k: string) => (Array.isArray(before) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
    for (const k of keys) changedPaths((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], step(k), into);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) into.push(path);
}

/**
 * What changing one parameter changes in the canonical objects but the registry's `governs` does
 * not list (list indices compared loosely: an omitted item shifts the ones after it).
 */
export function ungovernedChanges(model: AppModel, environment: string | undefined, parameter: Parameter, value: Json): string[] {
  const byId = (values: ReadonlyMap<string, Json>) => new Map(evaluateObjects(model.objects, values).map((r) => [r.template.id, r.object]));
  const before = byId(model.registry.valuesFor(environment));
  const after = byId(valuesWith(model, environment, parameter.name, value));
  const governed = new Map<string, string[]>();
  for (const entry of parameter.governs) {
    const [, id, path] = /^\S+ (\S+) (.*)$/.exec(entry) ?? [];
    governed.set(id, [...(governed.get(id) ?? []), anyIndex(path)]);
  }
  const covers = (id: string, path: string) =>
    (governed.get(id) ?? []).some((g) => path === g || path.startsWith(`${g}.`) || path.startsWith(`${g}[`));
  const problems: string[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const [b, a] = [before.get(id), after.get(id)];
    if (!b || !a) {
      if (!covers(id, '(exists)')) problems.push(`${id} ${b ? 'disappears' : 'appears'}`);
      continue;
    }
    const paths: string[] = [];
    changedPaths(b, a, '', paths);
    for (const path of paths) if (!covers(id, anyIndex(path))) problems.push(`${id} ${path}`);
  }
  return problems;
}
