// A resolved AlertmanagerConfig → the same routes and receivers as a plain alertmanager.yml, for an
// Alertmanager the prometheus-operator does not manage. Secrets stay references: each credential is
// a `*_file` path where the Secret is mounted.
import type { Json } from '../../model/template.ts';

/** Where the Alertmanager reads Secret keys: the mount layout of the operator's `secrets:` list. */
export const SECRET_DIRECTORY = '/etc/alertmanager/secrets';

interface SecretRef {
  readonly name: string;
  readonly key: string;
}
interface Matcher {
  readonly name: string;
  readonly value: string;
  readonly matchType?: string;
}
interface OperatorRoute {
  readonly receiver?: string;
  readonly matchers?: readonly Matcher[];
  readonly continue?: boolean;
  readonly groupBy?: readonly string[];
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  readonly routes?: readonly OperatorRoute[];
}
interface OperatorReceiver {
  readonly name: string;
  readonly slackConfigs?: readonly { apiURL: SecretRef; channel: string; sendResolved?: boolean }[];
  readonly pagerdutyConfigs?: readonly { routingKey: SecretRef; sendResolved?: boolean }[];
  readonly emailConfigs?: readonly { to: string; from: string; smarthost: string; authUsername?: string; authPassword?: SecretRef; sendResolved?: boolean }[];
}
export interface AlertmanagerConfigObject {
  readonly metadata: { readonly namespace: string };
  readonly spec: { readonly receivers: readonly OperatorReceiver[]; readonly route: OperatorRoute };
}

/** The file's paths to the Secrets it reads, one per referenced key. */
export function secretFile(ref: SecretRef): string {
  return `${SECRET_DIRECTORY}/${ref.name}/${ref.key}`;
}

/**
 * Receivers are prefixed with the namespace (`shop-prod-slack`), as the operator does, so the
 * fragments of several apps merge into one Alertmanager. Like the operator, the whole tree sits
 * under a route matching the namespace.
 */
export function toAlertmanagerFile(object: AlertmanagerConfigObject): Json {
  const namespace = object.metadata.namespace;
  const named = (receiver: string) => `${namespace}-${receiver}`;
  const defined = <T extends Record<string, Json | undefined>>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Record<string, Json>;
  const matcher = (m: Matcher) => `${m.name}${m.matchType ?? '='}${JSON.stringify(m.value)}`;
  const route = (r: OperatorRoute): Json =>
    defined({
      receiver: r.receiver === undefined ? undefined : named(r.receiver),
      matchers: r.matchers?.map(matcher),
      group_by: r.groupBy ? [...r.groupBy] : undefined,
      group_wait: r.groupWait,
      group_interval: r.groupInterval,
      repeat_interval: r.repeatInterval,
      continue: r.continue,
      routes: r.routes && r.routes.length > 0 ? r.routes.map(route) : undefined,
    });
  const receiver = (r: OperatorReceiver): Json =>
    defined({
      name: named(r.name),
      slack_configs: r.slackConfigs?.map((c) => defined({ api_url_file: secretFile(c.apiURL), channel: c.channel, send_resolved: c.sendResolved })),
      pagerduty_configs: r.pagerdutyConfigs?.map((c) => defined({ routing_key_file: secretFile(c.routingKey), send_resolved: c.sendResolved })),
      email_configs: r.emailConfigs?.map((c) =>
        defined({
          to: c.to,
          from: c.from,
          smarthost: c.smarthost,
          auth_username: c.authUsername,
          auth_password_file: c.authPassword ? secretFile(c.authPassword) : undefined,
          send_resolved: c.sendResolved,
        }),
      ),
    });
  const top = object.spec.route;
  return {
    route: {
      receiver: named(top.receiver ?? 'none'),
      routes: [route({ ...top, matchers: [{ name: 'namespace', value: namespace, matchType: '=' }, ...(top.matchers ?? [])] })],
    },
    receivers: object.spec.receivers.map(receiver),
  };
}

/** The Secret keys the file reads, for the mount list. */
export function referencedSecretKeys(object: AlertmanagerConfigObject): SecretRef[] {
  const refs = object.spec.receivers.flatMap((r) => [
    ...(r.slackConfigs ?? []).map((c) => c.apiURL),
    ...(r.pagerdutyConfigs ?? []).map((c) => c.routingKey),
    ...(r.emailConfigs ?? []).flatMap((c) => (c.authPassword ? [c.authPassword] : [])),
  ]);
  const seen = new Map(refs.map((r) => [`${r.name}/${r.key}`, r]));
  return [...seen.keys()].sort().map((k) => seen.get(k)!);
}
