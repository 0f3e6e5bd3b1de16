// `secrets:` (app-wide, then each environment's over it) → the SecretSource of one view of the spec.
import type { AppSpec, SecretSource } from './app-spec.ts';
import type { SpecInput } from './schema.ts';
import type { SecretsInput } from './secrets-schema.ts';

export const SECRETS_DEFAULTS = { refreshInterval: '1h', storeKind: 'SecretStore', sealedDirectory: 'sealed-secrets' } as const;

/** The `secrets:` an environment sees: its own settings over the app's; remote keys merge by name. */
export function mergeSecrets(base: SecretsInput | undefined, override: SecretsInput | undefined): SecretsInput | undefined {
  if (!override) return base;
  return {
    ...(base ?? {}),
    ...definedOnly(override),
    store: override.store ? { ...(base?.store ?? {}), ...override.store } : base?.store,
    remoteKeys: { ...(base?.remoteKeys ?? {}), ...(override.remoteKeys ?? {}) },
  };
}

/** Whether the app-wide section or any environment's reads from External Secrets. */
export function readsExternalSecrets(input: SpecInput): boolean {
  const base = input.secrets?.from;
  if (base === 'external-secrets') return true;
  return Object.values(input.environments ?? {}).some((env) => (env.secrets?.from ?? base) === 'external-secrets');
}

export function readsSealedSecrets(input: SpecInput): boolean {
  const base = input.secrets?.from;
  if (base === 'sealed-secrets') return true;
  return Object.values(input.environments ?? {}).some((env) => (env.secrets?.from ?? base) === 'sealed-secrets');
}

export function normalizeSecrets(input: SecretsInput | undefined, anywhere: { external: boolean; sealed: boolean }, environment: string | undefined): SecretSource {
  return {
    from: input?.from ?? 'existing',
    store: { name: input?.store?.name ?? '', kind: input?.store?.kind ?? SECRETS_DEFAULTS.storeKind },
    refreshInterval: input?.refreshInterval ?? SECRETS_DEFAULTS.refreshInterval,
    remoteKeys: new Map(Object.entries(input?.remoteKeys ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    externalAnywhere: anywhere.external,
    sealedAnywhere: anywhere.sealed,
    sealed: new Map(),
    sealedDirectory: normalizePath(input?.sealedDirectory ?? `${SECRETS_DEFAULTS.sealedDirectory}${environment ? `/${environment}` : ''}`),
  };
}

function normalizePath(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  return parts.length === 0 ? '.' : parts.join('/');
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** One Secret a view of the spec reads, by the name that view gives it. */
export interface SecretRead {
  readonly name: string;
  readonly source: 'env' | 'dependency-url' | 'dependency-credentials' | 'tls';
  /** The dependency, or the Ingress host name (undefined: the main host). */
  readonly owner?: string;
  /** Keys the app reads; empty for a dependency URL (its key is a parameter). */
  readonly keys: readonly string[];
  /** What reads it, for messages and READMEs. */
  readonly purpose: string;
  /** Whether the view uses it now (a dependency reads its URL or its password, by its inCluster toggle). */
  readonly active: boolean;
  /** Where the store's key defaults to: the Secret's name, or nothing (cert-manager makes TLS Secrets). */
  readonly defaultRemoteKey: string | false;
}

/** Every Secret the app reads in this view, whether or not the view's toggles use it right now. */
export function secretsRead(spec: AppSpec): SecretRead[] {
  const env = new Map<string, { keys: Set<string>; readers: Set<string> }>();
  for (const c of spec.components) {
    for (const v of [...c.env, ...c.sidecars.flatMap((s) => s.env), ...c.initContainers.flatMap((s) => s.env)]) {
      if (v.kind !== 'secret') continue;
      const entry = env.get(v.secret) ?? { keys: new Set<string>(), readers: new Set<string>() };
      entry.keys.add(v.key);
      entry.readers.add(`${c.name} ${v.name}`);
      env.set(v.secret, entry);
    }
  }
  const read: SecretRead[] = [...env.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, entry]) => ({ name, source: 'env', active: true, keys: [...entry.keys].sort(), purpose: [...entry.readers].sort().join(', '), defaultRemoteKey: name }));
  for (const d of spec.dependencies) {
    read.push({ name: d.external.secret, source: 'dependency-url', owner: d.name, active: !d.inCluster, keys: [], purpose: `URL of the external ${d.name}`, defaultRemoteKey: d.external.secret });
    read.push({ name: d.credentials, source: 'dependency-credentials', owner: d.name, active: d.inCluster, keys: ['password'], purpose: `password of the in-cluster ${d.name}`, defaultRemoteKey: d.credentials });
  }
  if (spec.ingress) {
    // cert-manager writes the TLS Secret itself when the Ingress asks it to.
    const certManager = spec.ingressAnnotations.some(([key]) => key.startsWith('cert-manager.io/'));
    const tls = (name: string, owner: string | undefined, host: string) =>
      name !== '' && read.push({ name, source: 'tls', owner, active: true, keys: ['tls.crt', 'tls.key'], purpose: `TLS certificate for ${host}`, defaultRemoteKey: certManager ? false : name });
    tls(spec.ingress.tlsSecret, undefined, spec.ingress.host);
    for (const h of spec.ingress.hosts) tls(h.tlsSecret, h.name, h.host);
  }
  return read;
}
