// The `delivery` section and each component's `build`, normalised: the tag policy with seed 004's
// defaults, which event deploys which environment, and the image tag each environment runs.
import type { Build, Delivery, DeliveryEnvironment, DeliveryEvent, DeliveryTag } from './app-spec.ts';
import type { BuildInput, ComponentInput, DeliveryInput, SpecInput } from './schema.ts';

export const DELIVERY_DEFAULTS = {
  branch: 'main',
  tags: { main: 'latest', release: 'v{version}', commit: 'sha-{commit}', staging: 'staging' },
  deploy: 'helm',
  argocdNamespace: 'argocd',
} as const;

/** The git tags that are releases (seed 004: `v*.*.*`). */
export const RELEASE_TAG_PATTERN = 'v*.*.*';

/** What an environment deploys when the spec names the event only. */
const DEFAULT_TAG: Record<DeliveryEvent, DeliveryTag> = { main: 'main', release: 'staging', approval: 'release' };

/** Without `delivery.environments`, environments deploy by their (seed 004) names. */
const EVENT_BY_NAME: Record<string, DeliveryEvent> = {
  dev: 'main',
  development: 'main',
  staging: 'release',
  stage: 'release',
  prod: 'approval',
  production: 'approval',
};

export function normalizeBuild(build: BuildInput | undefined): Build | undefined {
  if (!build) return undefined;
  return {
    context: normalizeRelativePath(build.context ?? '.'),
    dockerfile: normalizeRelativePath(build.dockerfile ?? 'Dockerfile'),
    target: build.target,
    test: build.test,
    lint: build.lint,
  };
}

function normalizeRelativePath(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  return parts.length === 0 ? '.' : parts.join('/');
}

/** The host an image repository lives on (`ghcr.io/acme/api` → `ghcr.io`; `acme/api` → `docker.io`). */
export function registryHost(repository: string): string {
  const first = repository.split('/')[0];
  return repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

function imageRepository(image: ComponentInput['image']): string {
  if (typeof image !== 'string') return image.repository;
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? image.slice(0, at) : image;
}

/** The environments a delivery section deploys, as written or inferred from their names. */
export function deliveryEnvironmentInputs(input: SpecInput): [string, NonNullable<DeliveryInput['environments']>[string]][] {
  const delivery = input.delivery;
  if (!delivery) return [];
  const declared = Object.keys(input.environments ?? {});
  if (delivery.environments) {
    // Declaration order of the environments, so "the one before" means what the reader sees.
    const order = (name: string) => (declared.includes(name) ? declared.indexOf(name) : declared.length);
    return Object.entries(delivery.environments).sort(([a], [b]) => order(a) - order(b));
  }
  return declared.filter((name) => EVENT_BY_NAME[name] !== undefined).map((name) => [name, EVENT_BY_NAME[name]]);
}

export function normalizeDelivery(input: SpecInput): Delivery | undefined {
  const delivery = input.delivery;
  if (!delivery) return undefined;
  const tags = { ...DELIVERY_DEFAULTS.tags, ...definedOnly(delivery.tags ?? {}) };
  const built = Object.values(input.components).filter((c) => c.build !== undefined);
  const environments: DeliveryEnvironment[] = [];
  for (const [name, given] of deliveryEnvironmentInputs(input)) {
    const long = typeof given === 'string' ? { on: given } : given;
    const tag = long.tag ?? DEFAULT_TAG[long.on];
    const previous = [...environments].reverse().find((e) => e.on !== 'main');
    environments.push({
      name,
      on: long.on,
      tag,
      imageTag: imageTagFor(tags, tag, input.version),
      moving: tag !== 'release',
      after: long.on === 'approval' ? long.after ?? previous?.name : undefined,
      clusters: (long.clusters ?? []).map((c) => ({ name: c.name, server: c.server })),
      sync: long.sync ?? (long.on === 'approval' ? 'manual' : 'automated'),
    });
  }
  return {
    registry: delivery.registry ?? (built.length > 0 ? registryHost(imageRepository(built[0].image)) : 'ghcr.io'),
    branch: delivery.branch ?? DELIVERY_DEFAULTS.branch,
    tags,
    deploy: delivery.deploy ?? DELIVERY_DEFAULTS.deploy,
    environments,
    e2e: normalizeE2e(delivery.e2e, environments),
    argocd: delivery.argocd && {
      repoURL: delivery.argocd.repoURL,
      targetRevision: delivery.argocd.targetRevision ?? delivery.branch ?? DELIVERY_DEFAULTS.branch,
      namespace: delivery.argocd.namespace ?? DELIVERY_DEFAULTS.argocdNamespace,
      project: delivery.argocd.project ?? input.name,
    },
  };
}

function normalizeE2e(e2e: DeliveryInput['e2e'], environments: readonly DeliveryEnvironment[]): Delivery['e2e'] {
  if (e2e === undefined) return undefined;
  const long = typeof e2e === 'string' ? { command: e2e } : e2e;
  return {
    command: long.command,
    directory: normalizeRelativePath(long.directory ?? '.'),
    environments: long.environments ?? environments.filter((e) => e.on === 'release').map((e) => e.name),
  };
}

function imageTagFor(tags: Delivery['tags'], tag: DeliveryTag, version: string): string {
  return tag === 'release' ? tags.release.replace('{version}', version) : tags[tag];
}

/**
 * The image an environment deploys for a built component: the policy's tag, pulled on every start
 * when the tag moves (`latest`, `staging`). Undefined when delivery says nothing about it.
 */
export function deliveredImage(input: SpecInput, environment: string, component: ComponentInput): { tag: string; pullPolicy?: 'Always' } | undefined {
  if (!input.delivery || !component.build) return undefined;
  const entry = deliveryEnvironmentInputs(input).find(([name]) => name === environment);
  if (!entry) return undefined;
  const long = typeof entry[1] === 'string' ? { on: entry[1] } : entry[1];
  const tag = long.tag ?? DEFAULT_TAG[long.on];
  const tags = { ...DELIVERY_DEFAULTS.tags, ...definedOnly(input.delivery.tags ?? {}) };
  return tag === 'release' ? { tag: imageTagFor(tags, tag, input.version) } : { tag: tags[tag], pullPolicy: 'Always' };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
