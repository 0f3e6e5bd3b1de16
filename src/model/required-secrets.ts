// The Secrets an environment expects to exist, with the command that creates each one. berth never
// writes secret values: every README prints these commands instead. Where an environment reads from
// External Secrets, the line says which store key the ExternalSecret reads; with Sealed Secrets, it
// is the kubeseal command that writes the sealed file berth references.
import { posix } from 'node:path';
import { camelKey, secretParameter } from './parameters.ts';
import { resolveObjects, type AppModel } from './resolve.ts';

export interface RequiredSecret {
  readonly name: string;
  readonly keys: readonly string[];
  readonly purpose: string;
  readonly command: string;
  /** Made by an ExternalSecret from this store key (the command is then a comment). */
  readonly remoteKey?: string;
  /** With Sealed Secrets: the sealed file, relative to the spec's directory. */
  readonly sealedFile?: string;
}

export function requiredSecrets(model: AppModel, environment: string | undefined): RequiredSecret[] {
  const values = model.registry.valuesFor(environment);
  const value = (name: string) => String(values.get(name));
  const namespace = value('namespace');
  const found = new Map<string, { keys: Set<string>; purposes: Set<string>; tls?: boolean; random: Set<string> }>();
  /** `random`: a password berth's own in-cluster instance takes, so any random one will do. */
  const need = (name: string, key: string, purpose: string, tls = false, random = false) => {
    const entry = found.get(name) ?? { keys: new Set(), purposes: new Set(), tls, random: new Set<string>() };
    entry.keys.add(key);
    if (random) entry.random.add(key);
    entry.purposes.add(purpose);
    found.set(name, entry);
  };
  const spec = model.spec.base;
  for (const c of spec.components) {
    for (const v of c.env) if (v.kind === 'secret') need(value(secretParameter(v.secret)), v.key, `${c.name} ${v.name}`);
  }
  for (const d of spec.dependencies) {
    const k = camelKey(d.name);
    if (values.get(`${k}.inCluster`)) need(value(`${k}.credentialsSecret`), 'password', `in-cluster ${d.kind} password (URL-safe)`, false, true);
    else need(value(`${k}.external.secretName`), value(`${k}.external.secretKey`), `URL of the external ${d.kind}`);
  }
  if (spec.alerting && values.get('alerting.enabled')) {
    for (const r of spec.alerting.receivers) {
      if (r.kind === 'slack') need(r.webhook.secret, r.webhook.key, `Slack webhook URL of the receiver ${r.name}`);
      if (r.kind === 'pagerduty') need(r.routingKey.secret, r.routingKey.key, `PagerDuty routing key of the receiver ${r.name}`);
      if (r.kind === 'email' && r.password) need(r.password.secret, r.password.key, `SMTP password of the receiver ${r.name}`);
    }
  }
  if (spec.ingress && values.get('ingress.enabled') && value('ingress.tls.secretName') !== '') {
    need(value('ingress.tls.secretName'), 'tls.crt', `TLS certificate for ${value('ingress.host')}`, true);
  }
  const view = environment === undefined ? model.spec.base : model.spec.environments.get(environment)!;
  const stored = new Map(
    view.secrets.from === 'external-secrets'
      ? resolveObjects(model, environment)
          .filter((o) => o.kind === 'ExternalSecret')
          .map((o) => {
            const spec = (o as unknown as { spec: { target: { name: string }; data: { remoteRef: { key: string } }[]; secretStoreRef: { kind: string; name: string } } }).spec;
            return [spec.target.name, `${spec.secretStoreRef.kind} ${spec.secretStoreRef.name}, key ${spec.data[0].remoteRef.key}`] as const;
          })
      : [],
  );
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, entry]) => {
      const keys = [...entry.keys].sort();
      const purpose = [...entry.purposes].sort().join('; ');
      const remoteKey = stored.get(name);
      if (remoteKey) return { name, keys, purpose, remoteKey, command: `# ${name}: made by its ExternalSecret from ${remoteKey}` };
      const create = entry.tls
        ? `kubectl -n ${namespace} create secret tls ${name} --cert=path/to/tls.crt --key=path/to/tls.key`
        : `kubectl -n ${namespace} create secret generic ${name} ${keys
            .map((key) => (entry.random.has(key) ? `--from-literal=${key}="$(openssl rand -hex 24)"` : `--from-literal=${key}=...`))
            .join(' ')}`;
      if (view.secrets.from !== 'sealed-secrets') return { name, keys, purpose, command: create };
      const sealedFile = posix.join(view.secrets.sealedDirectory, `${name}.yaml`);
      return { name, keys, purpose, sealedFile, command: `${create} --dry-run=client -o yaml | kubeseal --format yaml > ${sealedFile}` };
    });
}
