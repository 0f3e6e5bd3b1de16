// The `secrets:` section (app-wide and per environment): where the Secrets the app reads come from.
// berth never writes a secret value; it writes references to a store or to files the user sealed.
import * as z from 'zod';

export const SECRET_SOURCES = ['existing', 'external-secrets', 'sealed-secrets'] as const;

const secretName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Secret name: lowercase letters, digits, "-" and "."');

const store = z
  .strictObject({
    name: z.string().min(1).describe('Name of the SecretStore or ClusterSecretStore (set up with the External Secrets Operator).'),
    kind: z.enum(['SecretStore', 'ClusterSecretStore']).optional().describe('`SecretStore` (in the namespace, default) or `ClusterSecretStore`.'),
  })
  .describe('The External Secrets store every ExternalSecret reads from.');

const remoteKey = z
  .union([z.string().min(1), z.literal(false)])
  .describe('The key in the store (e.g. `prod/todo/openai`); each key of the Secret is the property of the same name. `false`: this Secret does not come from the store.');

export const secretsSettings = z
  .strictObject({
    from: z
      .enum(SECRET_SOURCES)
      .optional()
      .describe('`existing` (you create every Secret, default), `external-secrets` (an ExternalSecret per Secret, from `store`) or `sealed-secrets` (SealedSecret files you make with kubeseal).'),
    store: store.optional(),
    refreshInterval: z
      .string()
      .regex(/^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/, 'must be a duration such as 1h, 15m or 30s')
      .optional()
      .describe('How often External Secrets reads the store again (default `1h`).'),
    remoteKeys: z
      .record(secretName, remoteKey)
      .optional()
      .describe('The key in the store for each Secret the app reads, by Secret name (default: the Secret name; TLS Secrets of an Ingress with cert-manager annotations default to `false`).'),
    sealedDirectory: z
      .string()
      .min(1)
      .optional()
      .describe('Directory of the SealedSecret files, relative to berth.yaml (default `sealed-secrets/<environment>`).'),
  })
  .describe('Where the Secrets the app reads come from. Set it app-wide and change it per environment (e.g. dev `existing`, prod `external-secrets`).');

export type SecretsInput = z.input<typeof secretsSettings>;
