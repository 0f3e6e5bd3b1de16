// The Secrets an environment expects to exist, with the command that creates each one. berth never
// writes secret values: every README prints these commands instead.
import { camelKey, secretParameter } from './parameters.ts';
import type { AppModel } from './resolve.ts';

export interface RequiredSecret {
  readonly name: string;
  readonly keys: readonly string[];
  readonly purpose: string;
  readonly command: string;
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
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, entry]) => {
      const keys = [...entry.keys].sort();
      const command = entry.tls
        ? `kubectl -n ${namespace} create secret tls ${name} --cert=path/to/tls.crt --key=path/to/tls.key`
        : `kubectl -n ${namespace} create secret generic ${name} ${keys
            .map((key) => (entry.random.has(key) ? `--from-literal=${key}="$(openssl rand -hex 24)"` : `--from-literal=${key}=...`))
            .join(' ')}`;
      return { name, keys, purpose: [...entry.purposes].sort().join('; '), command };
    });
}
