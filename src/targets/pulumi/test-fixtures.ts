// What the Pulumi target's tests share: every example plus small inline specs as models, a generated
// project written to a temporary directory (resolving @pulumi/* from berth's node_modules), and a
// changed value for any parameter.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Parameter } from '../../model/parameters.ts';
import { buildAppModel, type AppModel } from '../../model/resolve.ts';
import type { Json } from '../../model/template.ts';
import { loadSpec } from '../../spec/load.ts';
import type { GeneratedFile } from '../target.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A component with a dash in its name, literals that look like template syntax, files, a volume, Redis, a Job. */
const AUTH_SPEC = `
name: shop
version: 2.0.1
components:
  auth-service:
    image: registry.example.com/shop/auth
    port: 8080
    health: { http: /healthz, startup: false }
    env:
      GREETING: "Hello {{ .Values.name }} \${HOME} \`tick\` 'quote' \\\\ back"
      HTML: "<b>&amp;</b>"
      RETRIES: 3
      DEBUG: false
      API_TOKEN: { secret: shop-auth-token, key: token }
      POD_NAME: { field: metadata.name }
    files:
      /etc/auth/config.json: '{"issuer": "<shop & co>"}'
    volumes:
      keys: { path: /var/lib/keys, size: 2Gi }
    resources: { cpu: 200m..1, memory: 128Mi..256Mi }
    autoscale: { min: 2, max: 5, memory: 75 }
    routes: [/auth]
    uses: [cache]
  web:
    image: registry.example.com/shop/web:3.1
    port: 3000
    health: { tcp: true }
    replicas: 1
    routes: [/]
dependencies:
  cache:
    kind: redis
    external: { secret: shop-cache-url, key: url }
jobs:
  seed-keys:
    component: auth-service
    command: [auth, seed]
    args: [--all]
ingress:
  host: shop.example.com
  className: nginx
environments:
  dev:
    namespace: shop-dev
    keepVolumes: false
    replicas: 1
    autoscale: false
    ingress: { host: shop-dev.example.com, tls: false }
    dependencies:
      cache: { inCluster: true, storage: 512Mi }
    components:
      auth-service:
        env: { GREETING: "hi {{ dev }}" }
        image: { tag: edge, pullPolicy: Always }
  prod:
    namespace: shop
    ingress: { tls: { secret: shop-tls } }
    components:
      web:
        replicas: 4
        resources: { cpu: 500m..2, memory: 1Gi }
`;

/** No environments at all: the base is the only stack (`default`). */
const MINIMAL_SPEC = `
name: hello
version: "1"
components:
  api:
    image: ghcr.io/acme/hello
    port: 8000
    health: { http: / }
`;

export interface NamedModel {
  readonly name: string;
  readonly model: AppModel;
}

function buildModel(text: string, file: string): AppModel {
  const result = loadSpec(text, file);
  if (!result.ok) throw new Error(`${file}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return buildAppModel(result.spec);
}

/** Every examples/*\/berth.yaml that exists now. */
export function loadExampleModels(): NamedModel[] {
  const examples = join(ROOT, 'examples');
  return readdirSync(examples)
    .sort()
    .map((name) => join(examples, name, 'berth.yaml'))
    .filter((path) => existsSync(path))
    .map((path) => ({ name: `example ${path.split('/').at(-2)}`, model: buildModel(readFileSync(path, 'utf8'), path) }));
}

export function loadInlineModels(): NamedModel[] {
  return [
    { name: 'inline auth-service spec', model: buildModel(AUTH_SPEC, 'inline/shop/berth.yaml') },
    { name: 'inline spec without environments', model: buildModel(MINIMAL_SPEC, 'inline/hello/berth.yaml') },
  ];
}

/** Writes a generated project; `node_modules` links to berth's own, as `npm install` in it would provide. */
export async function writeProject(files: readonly GeneratedFile[], directory?: string, linkSdk = true): Promise<string> {
  const target = directory ?? (await mkdtemp(join(tmpdir(), 'berth-pulumi-test-')));
  for (const file of files) {
    await mkdir(dirname(join(target, file.path)), { recursive: true });
    await writeFile(join(target, file.path), file.content);
  }
  if (linkSdk && !existsSync(join(target, 'node_modules'))) await symlink(join(ROOT, 'node_modules'), join(target, 'node_modules'), 'dir');
  return target;
}

/** A different valid-looking value of the parameter's type (crossing toggles and empty strings both ways). */
export function changeValue(parameter: Parameter): Json {
  const base = parameter.base;
  switch (parameter.type) {
    case 'boolean':
      return !base;
    case 'integer': {
      const value = Number(base);
      return parameter.maximum !== undefined && value + 1 > parameter.maximum ? value - 1 : value + 1;
    }
    case 'quantity': {
      const match = /^(\d+)(.*)$/.exec(String(base));
      return match ? `${Number(match[1]) + 1}${match[2]}` : '3';
    }
    case 'string':
      if (parameter.enum) return parameter.enum.find((v) => v !== base) ?? String(base);
      return base === '' ? 'changed' : `${String(base)}-changed`;
  }
}

/**
 * The kind of a parameter: its path without the owner, with variable names, probe names and the
 * request/limit pairs folded (`env.*`, `probes.*.periodSeconds`, `resources.*`).
 */
export function classifyParameter(parameter: Parameter): string {
  const [first, ...rest] = parameter.path;
  if (first === 'secretNames') return 'secretNames.*';
  if (rest.length === 0) return first;
  if (rest[0] === 'env') return 'env.*';
  if (rest[0] === 'probes') return `probes.*.${rest.at(-1)}`;
  if (rest[0] === 'resources') return 'resources.*';
  return `${parameter.type} ${rest.join('.')}`;
}
