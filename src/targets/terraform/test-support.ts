// Shared by the Terraform tests: the specs they run over (every example plus small inline specs),
// and the module evaluated per environment.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { buildAppModel, type AppModel } from '../../model/resolve.ts';
import { loadSpec } from '../../spec/load.ts';
import { canonicalQuantity } from '../../spec/quantity.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface TestSpec {
  readonly name: string;
  readonly model: AppModel;
  readonly example: boolean;
}

export function modelFromText(text: string, file: string): AppModel {
  const result = loadSpec(text, file);
  if (!result.ok) throw new Error(`${file}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return buildAppModel(result.spec);
}

/** Every examples/<name>/berth.yaml that exists. */
export function exampleSpecs(): TestSpec[] {
  const dir = join(repoRoot, 'examples');
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'berth.yaml')))
    .map((name) => {
      const path = join(dir, name, 'berth.yaml');
      return { name: `examples/${name}`, model: modelFromText(readFileSync(path, 'utf8'), path), example: true };
    });
}

/** A component named with a dash, every health check kind, files, volumes, both dependencies, two jobs, `{{ }}` and `${}` in values. */
export const RICH_SPEC = `
name: shop
version: 2.0.1
components:
  auth-service:
    image: ghcr.io/acme/auth
    port: 9000
    ports: [{ name: metrics, port: 9100 }]
    health: { grpc: { service: auth.v1 } }
    env:
      GREETING: "Hello {{ .Name }} \${HOME} %{ if } <b>&amp;</b>"
      MULTI: "line1\\nline2\\ttab \\"quoted\\" back\\\\slash é ☃"
      POD_NAME: { field: metadata.name }
      API_KEY: { secret: shop-keys, key: api }
      NUMBER: 42
      FLAG: true
    files:
      /etc/auth/config.yaml: |
        listen: ":9000"
        templated: "\${not.interpolated} {{ .Values }}"
    volumes:
      data: { path: /var/lib/auth, size: 512Mi, storageClass: fast }
    writable: [/var/cache/auth]
    uses: [cache, { dependency: db, env: DB_URL }]
    resources: { cpu: 500m..1, memory: 1Gi..2Gi }
    autoscale: { min: 2, max: 5, cpu: 60, memory: 75 }
    rollout: { maxSurge: 25%, maxUnavailable: 0, minReadySeconds: 5 }
    routes: [{ path: /auth, pathType: Exact }]
    exceptions:
      - { rule: readonly-root-filesystem, reason: "writes its cache to the root filesystem" }
  worker:
    image: { repository: ghcr.io/acme/worker, tag: "1.2", pullPolicy: Always }
    command: [worker, --queue, default]
    args: [--verbose]
    health: { exec: [/bin/check, --fast] }
    replicas: 1
    uses: [cache]
    exceptions:
      - { rule: service-account-token-automount, reason: "talks to the Kubernetes API for leader election" }
      - { rule: run-as-non-root, reason: "legacy image runs as root for now" }
  web:
    image: ghcr.io/acme/web:3.0
    port: 8080
    health: { tcp: true, startup: false }
    routes: [/]
    replicas: 3
dependencies:
  cache: { kind: redis }
  db: { kind: postgres, external: { secret: shop-db, key: url } }
jobs:
  migrate: { component: auth-service, command: [migrate, up], args: ["--to", "latest"], backoffLimit: 2, activeDeadlineSeconds: 600 }
  seed: { component: worker, command: [seed] }
ingress: { host: shop.example.com, className: nginx, tls: { secret: shop-tls } }
environments:
  dev:
    namespace: shop-dev
    replicas: 1
    autoscale: false
    ingress: { tls: false, className: "" }
    components:
      auth-service: { env: { GREETING: "hi \${USER}" }, image: { tag: dev } }
    dependencies:
      db: { inCluster: true }
      cache: { inCluster: false, external: { secret: shop-redis, key: url } }
  prod:
    namespace: shop-prod
    resources: { cpu: 1..2, memory: 1Gi..4Gi }
    components:
      web: { replicas: 5, health: { liveness: { periodSeconds: 20 } } }
`;

/** No environments, one component: the module's only tfvars file is envs/default.tfvars. */
export const TINY_SPEC = `
name: tiny
version: 0.1.0
components:
  api:
    image: nginx
    port: 80
    health: { http: / }
    env: { MODE: plain }
`;

/** Quantities as written (0.5, 1024Mi) rather than in canonical form; components with no config and no port. */
export const GAPS_SPEC = `
name: gaps
version: 1.0.0
components:
  api:
    image: nginx
    port: 80
    health: { http: / }
    resources: { cpu: 0.5..1, memory: 1024Mi..2Gi }
    volumes:
      data: { path: /data, size: 0.5Gi }
  worker:
    image: busybox
    command: [sleep, infinity]
    health: { exec: ["true"] }
`;

export function inlineSpecs(): TestSpec[] {
  return [
    { name: 'inline rich spec', model: modelFromText(RICH_SPEC, 'rich/berth.yaml'), example: false },
    { name: 'inline spec without environments', model: modelFromText(TINY_SPEC, 'tiny/berth.yaml'), example: false },
    { name: 'inline spec with non-canonical quantities', model: modelFromText(GAPS_SPEC, 'gaps/berth.yaml'), example: false },
  ];
}

export function allSpecs(): TestSpec[] {
  return [...exampleSpecs(), ...inlineSpecs()];
}

const QUANTITY_PATHS = [/^spec\.template\.spec\.containers\[\d+\]\.resources\.(limits|requests)\.\w+$/, /^spec\.resources\.(limits|requests)\.\w+$/, /^spec\.volumeClaimTemplates\[\d+\]\.spec\.resources\.requests\.\w+$/];

/**
 * The provider canonicalises quantities (`0.5` → `500m`) as the API server does; berth's spec
 * loader does too, but a parameter overridden by hand (`-var`, `--set`) arrives as written. The
 * parity tests compare after the same canonicalisation the cluster applies.
 */
export function canonicalizeQuantities(objects: readonly KubernetesObject[]): KubernetesObject[] {
  return objects.map((o) => {
    const copy = structuredClone(o) as Record<string, unknown>;
    visit(copy, '', (parent, key, path) => {
      const value = parent[key];
      if (typeof value === 'string' && QUANTITY_PATHS.some((p) => p.test(path))) parent[key] = canonicalQuantity(value);
    });
    return copy as unknown as KubernetesObject;
  });
}

function visit(node: unknown, path: string, fn: (parent: Record<string, unknown>, key: string, path: string) => void): void {
  if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${path}[${i}]`, fn));
  else if (node && typeof node === 'object') {
    for (const key of Object.keys(node)) {
      const childPath = path ? `${path}.${key}` : key;
      visit((node as Record<string, unknown>)[key], childPath, fn);
      fn(node as Record<string, unknown>, key, childPath);
    }
  }
}
