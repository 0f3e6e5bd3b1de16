// Secrets from a store (External Secrets Operator): one ExternalSecret per Secret the app reads,
// present where `secrets.from` is `external-secrets`. The store, its refresh interval and each
// Secret's key in the store are parameters, so dev can keep pre-created Secrets while prod reads
// them from Vault or a cloud secret manager, and every format agrees.
import type { AppSpec } from '../../spec/app-spec.ts';
import { secretsRead } from '../../spec/secrets.ts';
import { camelKey, secretParameter, type Knob } from '../parameters.ts';
import { NAMESPACE, type TemplateObject } from '../template-object.ts';
import { and, ne, not, param, toString, type Value } from '../template.ts';
import { dependencyParam, labels } from './pod.ts';

export const EXTERNAL_SECRETS_API = 'external-secrets.io/v1';
export const EXTERNAL_SECRETS = {
  enabled: 'externalSecrets.enabled',
  storeName: 'externalSecrets.store.name',
  storeKind: 'externalSecrets.store.kind',
  refreshInterval: 'externalSecrets.refreshInterval',
} as const;

/** One Secret an ExternalSecret can fetch: the same shape in every view, its differences in parameters. */
interface StoredSecret {
  readonly id: string;
  readonly owner: string;
  readonly ownerKind: TemplateObject['ownerKind'];
  /** The Secret's name (a parameter the spec already has). */
  readonly name: Value;
  /** The parameter holding its key in the store; empty: not from the store. */
  readonly remoteKey: string;
  readonly keys: readonly Value[];
  readonly type?: string;
  readonly condition?: Value;
  readonly specPath: string;
  /** The name and default remote key this view gives it ('' when the view does not read it). */
  readonly viewName: string;
  readonly defaultRemoteKey: string | false;
  readonly purpose: string;
}

function storedSecrets(spec: AppSpec): StoredSecret[] {
  const read = secretsRead(spec);
  const stored: StoredSecret[] = read
    .filter((r) => r.source === 'env')
    .map((r) => ({
      id: `${r.name}-externalsecret`,
      owner: 'app',
      ownerKind: 'app',
      name: toString(param(secretParameter(r.name))),
      remoteKey: `externalSecrets.remoteKeys.${camelKey(r.name)}`,
      keys: r.keys,
      specPath: 'secrets',
      viewName: r.name,
      defaultRemoteKey: r.defaultRemoteKey,
      purpose: r.purpose,
    }));
  for (const d of spec.dependencies) {
    const k = camelKey(d.name);
    const url = read.find((r) => r.source === 'dependency-url' && r.owner === d.name)!;
    const credentials = read.find((r) => r.source === 'dependency-credentials' && r.owner === d.name)!;
    const common = { owner: d.name, ownerKind: 'dependency' as const, specPath: `dependencies.${d.name}` };
    stored.push({
      ...common,
      id: `${d.name}-url-externalsecret`,
      name: toString(dependencyParam(d, 'external', 'secretName')),
      remoteKey: `externalSecrets.dependencies.${k}.url`,
      keys: [toString(dependencyParam(d, 'external', 'secretKey'))],
      condition: not(dependencyParam(d, 'inCluster')),
      viewName: url.name,
      defaultRemoteKey: url.defaultRemoteKey,
      purpose: url.purpose,
    });
    stored.push({
      ...common,
      id: `${d.name}-credentials-externalsecret`,
      name: toString(dependencyParam(d, 'credentialsSecret')),
      remoteKey: `externalSecrets.dependencies.${k}.credentials`,
      keys: ['password'],
      condition: dependencyParam(d, 'inCluster'),
      viewName: credentials.name,
      defaultRemoteKey: credentials.defaultRemoteKey,
      purpose: credentials.purpose,
    });
  }
  if (spec.ingress) {
    const hosts = [
      { host: undefined as string | undefined, prefix: 'ingress', remoteKey: 'externalSecrets.ingress.tls', tlsSecret: spec.ingress.tlsSecret },
      ...spec.ingress.hosts.map((h) => ({ host: h.name as string | undefined, prefix: `ingress.hosts.${h.name}`, remoteKey: `externalSecrets.ingress.hosts.${camelKey(h.name)}`, tlsSecret: h.tlsSecret })),
    ];
    for (const h of hosts) {
      const name = toString(param(`${h.prefix}.tls.secretName`));
      const viewed = read.find((r) => r.source === 'tls' && r.owner === h.host);
      stored.push({
        id: h.host ? `ingress-${h.host}-tls-externalsecret` : 'ingress-tls-externalsecret',
        owner: 'app',
        ownerKind: 'app',
        name,
        remoteKey: h.remoteKey,
        keys: ['tls.crt', 'tls.key'],
        type: 'kubernetes.io/tls',
        condition: and(param('ingress.enabled'), ne(name, '')),
        specPath: h.host ? `ingress.hosts.${h.host}.tls` : 'ingress.tls',
        viewName: viewed?.name ?? '',
        defaultRemoteKey: viewed?.defaultRemoteKey ?? false,
        purpose: viewed?.purpose ?? 'TLS certificate',
      });
    }
  }
  return stored;
}

/** The key in the store this view gives a Secret: its `remoteKeys` entry, else the default; '' for none. */
function remoteKeyIn(spec: AppSpec, secret: StoredSecret): string {
  if (secret.viewName === '') return '';
  const given = spec.secrets.remoteKeys.get(secret.viewName);
  const key = given === undefined ? secret.defaultRemoteKey : given;
  return key === false ? '' : key;
}

export function externalSecretKnobs(spec: AppSpec): Knob[] {
  if (!spec.secrets.externalAnywhere) return [];
  const secrets = spec.secrets;
  return [
    { path: EXTERNAL_SECRETS.enabled.split('.'), type: 'boolean', value: secrets.from === 'external-secrets', description: 'Read the Secrets the app uses from the External Secrets store (an ExternalSecret each).', specPath: 'secrets.from' },
    { path: EXTERNAL_SECRETS.storeName.split('.'), type: 'string', value: secrets.store.name, description: 'Name of the SecretStore or ClusterSecretStore.', specPath: 'secrets.store' },
    { path: EXTERNAL_SECRETS.storeKind.split('.'), type: 'string', enum: ['ClusterSecretStore', 'SecretStore'], value: secrets.store.kind, description: 'Kind of the store: SecretStore (namespaced) or ClusterSecretStore.', specPath: 'secrets.store' },
    { path: EXTERNAL_SECRETS.refreshInterval.split('.'), type: 'string', value: secrets.refreshInterval, description: 'How often External Secrets reads the store again.', specPath: 'secrets.refreshInterval' },
    ...storedSecrets(spec).map((s): Knob => ({
      path: s.remoteKey.split('.'),
      type: 'string',
      value: remoteKeyIn(spec, s),
      description: `Key in the store of the Secret with the ${s.purpose}; empty: not from the store.`,
      specPath: 'secrets.remoteKeys',
    })),
  ];
}

export function externalSecretObjects(spec: AppSpec): TemplateObject[] {
  if (!spec.secrets.externalAnywhere) return [];
  return storedSecrets(spec).map((s) => {
    const remoteKey = toString(param(s.remoteKey));
    return {
      id: s.id,
      owner: s.owner,
      ownerKind: s.ownerKind,
      kind: 'ExternalSecret',
      condition: and(param(EXTERNAL_SECRETS.enabled), ne(remoteKey, ''), ...(s.condition === undefined ? [] : [s.condition])),
      sources: { '': spec.positions.get('secrets') ?? spec.positions.get(s.specPath) ?? spec.positions.get('name')! },
      body: {
        apiVersion: EXTERNAL_SECRETS_API,
        kind: 'ExternalSecret',
        // Named after the Secret it makes, so `kubectl get externalsecret <secret>` finds it.
        metadata: { labels: labels(spec.name, spec.version, 'secrets'), name: s.name, namespace: param(NAMESPACE) },
        spec: {
          data: s.keys.map((key) => ({ remoteRef: { key: remoteKey, property: key }, secretKey: key })),
          refreshInterval: toString(param(EXTERNAL_SECRETS.refreshInterval)),
          secretStoreRef: { kind: toString(param(EXTERNAL_SECRETS.storeKind)), name: toString(param(EXTERNAL_SECRETS.storeName)) },
          // The Secret outlives its ExternalSecret: Helm recreates hooks around every upgrade, and
          // running pods must never lose the Secret they read.
          target: {
            creationPolicy: 'Orphan',
            deletionPolicy: 'Retain',
            name: s.name,
            ...(s.type ? { template: { type: s.type } } : {}),
          },
        },
      },
    };
  });
}
