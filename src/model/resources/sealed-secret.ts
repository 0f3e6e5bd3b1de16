// Secrets sealed by the user (Sealed Secrets): one SealedSecret per Secret the app reads, present
// where `secrets.from` is `sealed-secrets` and the sealed file is there. berth takes only the
// ciphertexts from the user's kubeseal output; they are parameters, since each environment's
// cluster and namespace seal them differently.
import type { AppSpec } from '../../spec/app-spec.ts';
import { camelKey, type Knob } from '../parameters.ts';
import { NAMESPACE, type TemplateObject } from '../template-object.ts';
import { and, ne, param, toString } from '../template.ts';
import { labels } from './pod.ts';
import { storedSecrets, type StoredSecret } from './stored-secrets.ts';

export const SEALED_SECRETS_API = 'bitnami.com/v1alpha1';
export const SEALED_SECRETS_ENABLED = 'sealedSecrets.enabled';

/** The controller then sets no owner on the Secret: it outlives its SealedSecret (Helm recreates hooks). */
export const SKIP_OWNER_ANNOTATION = 'sealedsecrets.bitnami.com/skip-set-owner-references';

function ciphertextParam(secret: StoredSecret, key: string): string {
  return `${secret.sealedPrefix}.${camelKey(key)}`;
}

export function sealedSecretKnobs(spec: AppSpec): Knob[] {
  if (!spec.secrets.sealedAnywhere) return [];
  return [
    { path: SEALED_SECRETS_ENABLED.split('.'), type: 'boolean', value: spec.secrets.from === 'sealed-secrets', description: 'Make the Secrets the app uses from sealed files (a SealedSecret each).', specPath: 'secrets.from' },
    ...storedSecrets(spec).flatMap((s) =>
      s.literalKeys.map((key): Knob => ({
        path: ciphertextParam(s, key).split('.'),
        type: 'string',
        value: s.viewName === '' ? '' : (spec.secrets.sealed.get(s.viewName)?.encryptedData.get(key) ?? ''),
        description: `Sealed value of key ${key} of the Secret with the ${s.purpose} (from kubeseal); empty: not sealed.`,
        specPath: 'secrets.sealedDirectory',
      })),
    ),
  ];
}

export function sealedSecretObjects(spec: AppSpec): TemplateObject[] {
  if (!spec.secrets.sealedAnywhere) return [];
  return storedSecrets(spec).map((s) => {
    const first = toString(param(ciphertextParam(s, s.literalKeys[0])));
    const metadata = { labels: labels(spec.name, spec.version, 'secrets'), name: s.name, namespace: param(NAMESPACE) };
    return {
      id: `${s.id}-sealedsecret`,
      owner: s.owner,
      ownerKind: s.ownerKind,
      kind: 'SealedSecret',
      condition: and(param(SEALED_SECRETS_ENABLED), ne(first, ''), ...(s.condition === undefined ? [] : [s.condition])),
      sources: { '': spec.positions.get('secrets') ?? spec.positions.get(s.specPath) ?? spec.positions.get('name')! },
      body: {
        apiVersion: SEALED_SECRETS_API,
        kind: 'SealedSecret',
        metadata,
        spec: {
          encryptedData: Object.fromEntries(s.literalKeys.map((key) => [key, toString(param(ciphertextParam(s, key)))])),
          template: {
            metadata: { ...metadata, annotations: { [SKIP_OWNER_ANNOTATION]: 'true' } },
            ...(s.type ? { type: s.type } : {}),
          },
        },
      },
    };
  });
}
