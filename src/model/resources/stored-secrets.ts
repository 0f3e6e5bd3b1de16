// The Secrets the app reads, each in the one shape every view of the spec shares (the differences
// between views live in parameters): what an ExternalSecret or a SealedSecret is made for.
import type { AppSpec } from '../../spec/app-spec.ts';
import { secretsRead } from '../../spec/secrets.ts';
import { camelKey, secretParameter } from '../parameters.ts';
import type { TemplateObject } from '../template-object.ts';
import { and, ne, not, param, toString, type Value } from '../template.ts';
import { dependencyParam } from './pod.ts';

/** One Secret the app reads: the same shape in every view, its differences in parameters. */
export interface StoredSecret {
  readonly id: string;
  readonly owner: string;
  readonly ownerKind: TemplateObject['ownerKind'];
  /** The Secret's name (a parameter the spec already has). */
  readonly name: Value;
  /** The parameter holding its key in the store; empty: not from the store. */
  readonly remoteKey: string;
  readonly keys: readonly Value[];
  /** The keys as the base view writes them (a SealedSecret's encryptedData needs literal keys). */
  readonly literalKeys: readonly string[];
  /** Parameter prefix of its ciphertexts with Sealed Secrets: `sealedSecrets.env.todoDb`. */
  readonly sealedPrefix: string;
  readonly type?: string;
  readonly condition?: Value;
  readonly specPath: string;
  /** The name and default remote key this view gives it ('' when the view does not read it). */
  readonly viewName: string;
  readonly defaultRemoteKey: string | false;
  readonly purpose: string;
}

export function storedSecrets(spec: AppSpec): StoredSecret[] {
  const read = secretsRead(spec);
  const stored: StoredSecret[] = read
    .filter((r) => r.source === 'env')
    .map((r) => ({
      id: r.name,
      owner: 'app',
      ownerKind: 'app',
      name: toString(param(secretParameter(r.name))),
      remoteKey: `externalSecrets.remoteKeys.${camelKey(r.name)}`,
      keys: r.keys,
      literalKeys: r.keys,
      sealedPrefix: `sealedSecrets.env.${camelKey(r.name)}`,
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
      id: `${d.name}-url`,
      literalKeys: [d.external.key],
      sealedPrefix: `sealedSecrets.dependencies.${k}.url`,
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
      id: `${d.name}-credentials`,
      literalKeys: ['password'],
      sealedPrefix: `sealedSecrets.dependencies.${k}.credentials`,
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
      { host: undefined as string | undefined, prefix: 'ingress', remoteKey: 'externalSecrets.ingress.tls', sealedPrefix: 'sealedSecrets.ingress.tls', tlsSecret: spec.ingress.tlsSecret },
      ...spec.ingress.hosts.map((h) => ({
        host: h.name as string | undefined,
        prefix: `ingress.hosts.${h.name}`,
        remoteKey: `externalSecrets.ingress.hosts.${camelKey(h.name)}`,
        sealedPrefix: `sealedSecrets.ingress.hosts.${camelKey(h.name)}`,
        tlsSecret: h.tlsSecret,
      })),
    ];
    for (const h of hosts) {
      const name = toString(param(`${h.prefix}.tls.secretName`));
      const viewed = read.find((r) => r.source === 'tls' && r.owner === h.host);
      stored.push({
        id: h.host ? `ingress-${h.host}-tls` : 'ingress-tls',
        literalKeys: ['tls.crt', 'tls.key'],
        sealedPrefix: h.sealedPrefix,
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

