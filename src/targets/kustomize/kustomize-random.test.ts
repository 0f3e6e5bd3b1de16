// Generic, not tuned to the examples: environments drawn at random (fixed seeds) over every knob an
// environment can turn, each overlay built with the real kustomize and compared with berth render.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { loadModelFromText } from '../../../test/helpers.ts';
import { bundledEngines, type EngineLocation } from '../../engines/index.ts';
import { resolveObjects } from '../../model/resolve.ts';
import { compareObjects, formatDifferences } from '../../verify/compare.ts';
import { emitKustomize, kustomizeTarget } from './index.ts';

const BASE = `
name: fuzz
version: 3.1.0
components:
  api:
    image: registry.local:5000/team/api
    port: 8080
    health: { http: /healthz, liveness: { periodSeconds: 10 } }
    env: { LOG_LEVEL: info, FEATURE: "yes", PASSWORD: { secret: api-secrets, key: password } }
    files: { /etc/api/config.yaml: "a: 1\\n" }
    volumes: { data: { path: /data, size: 1Gi } }
    autoscale: { min: 2, max: 5 }
    routes: [/api]
    uses: [cache, db]
  worker:
    image: ghcr.io/team/worker:0.9
    env: { QUEUE: default }
    replicas: 1
    health: { exec: [pgrep, worker] }
    uses: [cache]
  web:
    image: ghcr.io/team/web
    port: 3000
    health: { tcp: true }
    routes: [/]
dependencies:
  cache: { kind: redis }
  db: { kind: postgres, inCluster: false, external: { secret: db-url, key: url } }
jobs:
  migrate: { component: api, command: [migrate, up] }
  seed: { component: worker, command: [seed] }
ingress: { host: fuzz.example.com, tls: { secret: fuzz-tls } }
`;

/** mulberry32: a small deterministic generator, so a failure replays from its seed. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomEnvironments(seed: number): Record<string, unknown> {
  const random = randomSource(seed);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const autoscale = () => (chance(0.4) ? false : { min: pick([1, 2, 3]), max: pick([4, 8]), ...(chance(0.3) ? { memory: 75 } : {}) });
  const environments: Record<string, unknown> = {};
  for (const name of ['dev', 'staging', 'prod']) {
    const env: Record<string, unknown> = { namespace: chance(0.2) ? 'fuzz' : `fuzz-${name}` };
    if (chance(0.5)) env.replicas = pick([1, 2, 3]);
    if (chance(0.3)) env.autoscale = autoscale();
    if (chance(0.3)) env.resources = { cpu: pick(['50m..100m', '1..2']), memory: pick(['64Mi..128Mi', '1Gi']) };
    if (chance(0.5)) env.ingress = { host: `${name}.fuzz.example.com`, ...(chance(0.5) ? { tls: pick([false, { secret: `${name}-tls` }]) } : {}) };
    const components: Record<string, unknown> = {};
    for (const component of ['api', 'worker', 'web']) {
      const override: Record<string, unknown> = {};
      if (chance(0.5)) override.image = { ...(chance(0.7) ? { tag: pick(['latest', 'sha-abc1234', name]) } : {}), ...(chance(0.3) ? { repository: `mirror.example.com/${component}` } : {}), ...(chance(0.4) ? { pullPolicy: 'Always' } : {}) };
      if (chance(0.3)) override.replicas = pick([0, 1, 4]);
      if (chance(0.3)) override.autoscale = autoscale();
      if (chance(0.3) && component !== 'web') override.env = component === 'api' ? { LOG_LEVEL: pick(['debug', 'on', '010']) } : { QUEUE: `${name}-queue` };
      if (chance(0.2) && component === 'api') override.health = { liveness: { periodSeconds: pick([5, 20]) } };
      if (Object.keys(override).length > 0) components[component] = override;
    }
    if (Object.keys(components).length > 0) env.components = components;
    const dependencies: Record<string, unknown> = {};
    if (chance(0.5)) dependencies.cache = { inCluster: chance(0.5), ...(chance(0.3) ? { storage: '5Gi' } : {}) };
    if (chance(0.5)) dependencies.db = { inCluster: chance(0.6), ...(chance(0.3) ? { external: { secret: `${name}-db`, key: 'uri' } } : {}) };
    if (Object.keys(dependencies).length > 0) env.dependencies = dependencies;
    environments[name] = env;
  }
  return environments;
}

let kubectl: EngineLocation;
const scratch = mkdtempSync(join(tmpdir(), 'berth-kustomize-random-'));
before(async () => {
  kubectl = (await bundledEngines()).kubectl;
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('kustomize overlays for randomly drawn environments', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: every overlay builds to berth render --env`, async () => {
      const text = `${BASE}\n${stringify({ environments: randomEnvironments(seed) })}`;
      const model = loadModelFromText(text);
      const directory = join(scratch, `seed-${seed}`);
      for (const file of emitKustomize(model)) {
        mkdirSync(dirname(join(directory, file.path)), { recursive: true });
        writeFileSync(join(directory, file.path), file.content);
      }
      for (const env of model.registry.environments) {
        const rendered = await kustomizeTarget.render!(model, env, { directory, env: { BERTH_KUBECTL: kubectl.path } });
        assert.ok(rendered.ok, JSON.stringify(rendered));
        const differences = compareObjects(resolveObjects(model, env), rendered.objects);
        assert.deepEqual(differences, [], `seed ${seed}, ${env}:\n${formatDifferences(differences)}\n${text}`);
      }
    });
  }
});
