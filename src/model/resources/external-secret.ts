// Secrets from a store (External Secrets Operator): one ExternalSecret per Secret the app reads,
// present where `secrets.from` is `external-secrets`. The store, its refresh interval and each
// Secret's key in the store are parameters, so dev can keep pre-created Secrets while prod reads
// them from Vault or a cloud secret manager, and every format agrees.
import type { AppSpec } from '../../spec/app-spec.ts';
import type { Knob } from '../parameters.ts';
import { NAMESPACE, type TemplateObject } from '../template-object.ts';
import { and, ne, param, toString } from '../template.ts';
import { labels } from './pod.ts';
import { storedSecrets, type StoredSecret } from './stored-secrets.ts';

export const EXTERNAL_SECRETS_API = 'external-secrets.io/v1';
export const EXTERNAL_SECRETS = {
  enabled: 'externalSecrets.enabled',
  storeName: 'externalSecrets.store.name',
  storeKind: 'externalSecrets.store.kind',
  refreshInterval: 'externalSecrets.refreshInterval',
} as const;

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
      id: `${s.id}-externalsecret`,
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
