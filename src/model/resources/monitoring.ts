// Observability objects (prometheus-operator conventions): a ServiceMonitor per component that
// serves metrics, one PrometheusRule with the app's alerts and one AlertmanagerConfig routing them. Thresholds, durations, severities
// and switches are parameters, so each environment tunes them and every format agrees.
import type { AppSpec, Component, Receiver } from '../../spec/app-spec.ts';
import { DEFAULT_ALERTS, type DefaultAlert } from '../../spec/default-alerts.ts';
import { CLUSTER_METRICS, componentConvention, containerSelector, namespaceSelector, requestSelector, toMilliseconds, volumeSelector, type MetricsConvention } from '../metrics-convention.ts';
import { camelKey } from '../parameters.ts';
import { objectName, NAMESPACE, type TemplateObject } from '../template-object.ts';
import { concat, param, toString, when, type Value } from '../template.ts';
import { labels, selectorLabels } from './pod.ts';

/** The labels a Prometheus selects berth's monitoring objects by, next to berth's own. */
function monitoringLabels(spec: AppSpec, component: string): Record<string, Value> {
  return { ...labels(spec.name, spec.version, component), ...Object.fromEntries(spec.monitoring.labels) };
}

export function serviceMonitorObject(spec: AppSpec, component: Component): TemplateObject | undefined {
  const metrics = component.metrics;
  if (!metrics || component.ports.length === 0) return undefined;
  return {
    id: `${component.name}-servicemonitor`,
    owner: component.name,
    ownerKind: 'component',
    kind: 'ServiceMonitor',
    sources: { '': spec.positions.get(`components.${component.name}.metrics`) ?? spec.positions.get(`components.${component.name}`)! },
    body: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { labels: monitoringLabels(spec, component.name), name: objectName(component.name), namespace: param(NAMESPACE) },
      spec: {
        endpoints: [{ interval: metrics.interval, path: metrics.path, port: metrics.port }],
        namespaceSelector: { matchNames: [param(NAMESPACE)] },
        selector: { matchLabels: selectorLabels(spec.name, component.name) },
      },
    },
  };
}

/**
 * A component with metrics but no Service (a worker) is scraped through its pods. Its targets get
 * the `service` label a ServiceMonitor's would carry, so every query of the convention holds.
 */
export function podMonitorObject(spec: AppSpec, component: Component): TemplateObject | undefined {
  const metrics = component.metrics;
  if (!metrics || metrics.containerPort === undefined) return undefined;
  return {
    id: `${component.name}-podmonitor`,
    owner: component.name,
    ownerKind: 'component',
    kind: 'PodMonitor',
    sources: { '': spec.positions.get(`components.${component.name}.metrics`) ?? spec.positions.get(`components.${component.name}`)! },
    body: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { labels: monitoringLabels(spec, component.name), name: objectName(component.name), namespace: param(NAMESPACE) },
      spec: {
        namespaceSelector: { matchNames: [param(NAMESPACE)] },
        podMetricsEndpoints: [
          { interval: metrics.interval, path: metrics.path, port: metrics.port, relabelings: [{ action: 'replace', replacement: objectName(component.name), targetLabel: 'service' }] },
        ],
        selector: { matchLabels: selectorLabels(spec.name, component.name) },
      },
    },
  };
}

/** The parameter of one setting of a default alert: `alerting.latencyP95.threshold`. */
export function alertParam(id: string, setting: 'enabled' | 'threshold' | 'for' | 'severity'): Value {
  return param(`alerting.${camelKey(id)}.${setting}`);
}

/** What the alert texts call a component's requests. */
function requestNoun(m: MetricsConvention): string {
  return m.kind === 'grpc' ? 'RPCs' : m.kind === 'http' ? 'HTTP requests' : 'requests';
}

interface AlertTarget {
  readonly component?: string;
  readonly expr: Value;
  readonly summary: Value;
  readonly description: Value;
}

/** The PromQL of a default alert for one component (or the app, for certificates); none when it does not apply. */
function alertTargets(spec: AppSpec, row: DefaultAlert): AlertTarget[] {
  const threshold = alertParam(row.id, 'threshold');
  const where = (component: string) => concat(`${component} of ${spec.name} in namespace `, param(NAMESPACE));
  const scraped = spec.components.filter((c) => c.metrics);
  const errorRate = (c: Component): AlertTarget => {
    const m = componentConvention(c)!;
    const failures = m.kind === 'grpc' ? 'a server error code' : 'a 5xx status';
    const share = m.kind === 'grpc' ? 'server-error' : '5xx';
    return {
      component: c.name,
      expr: concat(
        `sum(rate(${m.requests}{`, requestSelector(c.name, m), `,${m.codeLabel}=~"${m.serverErrors}"}[5m])) / sum(rate(${m.requests}{`, requestSelector(c.name, m), '}[5m])) * 100 > ', threshold,
      ),
      summary: concat('More than ', threshold, `% of the requests to `, where(c.name), ` fail with ${failures}`),
      description: concat(`The ${share} share of the ${requestNoun(m)} to ${c.name} has been above `, threshold, '% for ', alertParam(row.id, 'for'), '.'),
    };
  };
  switch (row.id) {
    case 'pod-crash-looping':
      return spec.components.map((c) => ({
        component: c.name,
        expr: concat(`increase(${CLUSTER_METRICS.restarts}{`, containerSelector(c.name), '}[5m]) >= ', threshold),
        summary: concat('A pod of ', where(c.name), ' is crash looping'),
        description: concat(`A container of ${c.name} restarted at least `, threshold, ' times in 5 minutes.'),
      }));
    case 'error-rate-critical':
    case 'error-rate-warning':
      return scraped.map(errorRate);
    case 'latency-p95':
      return scraped.map((c) => {
        const m = componentConvention(c)!;
        return {
          component: c.name,
          expr: concat(`histogram_quantile(0.95, sum by (le) (rate(${m.duration}_bucket{`, requestSelector(c.name, m), `}[5m])))${toMilliseconds(m)} > `, threshold),
          summary: concat('The p95 latency of ', where(c.name), ' is above ', threshold, 'ms'),
          description: concat(`95% of the ${requestNoun(m)} to ${c.name} should finish within `, threshold, 'ms; they have not for ', alertParam(row.id, 'for'), '.'),
        };
      });
    case 'cpu-high':
      return spec.components.map((c) => ({
        component: c.name,
        expr: concat(
          `sum by (pod) (rate(${CLUSTER_METRICS.cpuUsage}{`, containerSelector(c.name), `}[5m])) / sum by (pod) (${CLUSTER_METRICS.cpuLimit}{`, containerSelector(c.name), ',resource="cpu"}) * 100 > ', threshold,
        ),
        summary: concat('A pod of ', where(c.name), ' uses more than ', threshold, '% of its CPU limit'),
        description: concat(`A pod of ${c.name} has used more than `, threshold, '% of its CPU limit for ', alertParam(row.id, 'for'), '.'),
      }));
    case 'disk-high':
      return spec.components
        .filter((c) => c.volumes.length > 0)
        .map((c) => ({
          component: c.name,
          expr: concat(`${CLUSTER_METRICS.volumeUsed}{`, volumeSelector(c.name), `} / ${CLUSTER_METRICS.volumeCapacity}{`, volumeSelector(c.name), '} * 100 > ', threshold),
          summary: concat('A volume of ', where(c.name), ' is more than ', threshold, '% full'),
          description: concat(`A persistent volume of ${c.name} has been more than `, threshold, '% full for ', alertParam(row.id, 'for'), '.'),
        }));
    case 'certificate-expiring':
      return [
        {
          expr: concat(`(${CLUSTER_METRICS.certificateExpiry}{`, namespaceSelector(), '} - time()) / 86400 < ', threshold),
          summary: concat(`A certificate of ${spec.name} in namespace `, param(NAMESPACE), ' expires in less than ', threshold, ' days'),
          description: concat('cert-manager has not renewed a certificate that expires within ', threshold, ' days.'),
        },
      ];
    default:
      return [];
  }
}

export function prometheusRuleObject(spec: AppSpec): TemplateObject | undefined {
  const alerting = spec.alerting;
  if (!alerting) return undefined;
  const rules: Value[] = [];
  for (const row of DEFAULT_ALERTS) {
    for (const target of alertTargets(spec, row)) {
      const runbook: Record<string, Value> = alerting.runbookBase ? { runbook_url: `${alerting.runbookBase.replace(/\/+$/, '')}/${row.id}` } : {};
      rules.push(
        when(alertParam(row.id, 'enabled'), {
          alert: row.name,
          annotations: { description: target.description, ...runbook, summary: target.summary },
          expr: target.expr,
          for: toString(alertParam(row.id, 'for')),
          labels: { ...(target.component ? { component: target.component } : {}), namespace: param(NAMESPACE), severity: toString(alertParam(row.id, 'severity')) },
        }),
      );
    }
  }
  for (const custom of alerting.custom) {
    rules.push({
      alert: custom.name,
      annotations: { ...(custom.description ? { description: custom.description } : {}), ...(custom.runbook ? { runbook_url: custom.runbook } : {}), summary: custom.summary },
      expr: custom.expr,
      for: custom.for,
      labels: { namespace: param(NAMESPACE), severity: custom.severity },
    });
  }
  return {
    id: 'prometheusrule',
    owner: 'app',
    ownerKind: 'app',
    kind: 'PrometheusRule',
    condition: param('alerting.enabled'),
    sources: { '': spec.positions.get('alerting') ?? spec.positions.get('name')! },
    body: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { labels: monitoringLabels(spec, 'alerting'), name: objectName('alerts'), namespace: param(NAMESPACE) },
      spec: { groups: [{ name: `${spec.name}.alerts`, rules }] },
    },
  };
}

/** The receiver of alerts that no route takes (every alert berth writes has a severity, so none). */
export const NO_RECEIVER = 'none';

/** The parameter that sends one route's alerts to one receiver: `alerting.routes.critical.receivers.slack`. */
export function routeParam(key: string, setting: 'repeatInterval' | { receiver: string }): string {
  const path = `alerting.routes.${camelKey(key)}`;
  return typeof setting === 'string' ? `${path}.${setting}` : `${path}.receivers.${camelKey(setting.receiver)}`;
}

function receiverBody(receiver: Receiver): Value {
  const ref = (s: { secret: string; key: string }) => ({ key: s.key, name: s.secret });
  switch (receiver.kind) {
    case 'slack':
      return { name: receiver.name, slackConfigs: [{ apiURL: ref(receiver.webhook), channel: receiver.channel, sendResolved: true }] };
    case 'pagerduty':
      return { name: receiver.name, pagerdutyConfigs: [{ routingKey: ref(receiver.routingKey), sendResolved: true }] };
    case 'email':
      return {
        emailConfigs: [
          {
            ...(receiver.password ? { authPassword: ref(receiver.password) } : {}),
            ...(receiver.username ? { authUsername: receiver.username } : {}),
            from: receiver.from,
            sendResolved: true,
            smarthost: receiver.smarthost,
            to: receiver.to,
          },
        ],
        name: receiver.name,
      };
  }
}

/**
 * One child route per spec route, matched by alert name or severity; under it one route per
 * receiver, each switched by a parameter and continuing, so an alert reaches every receiver its
 * route names and no other route's.
 */
export function alertmanagerConfigObject(spec: AppSpec): TemplateObject | undefined {
  const alerting = spec.alerting;
  if (!alerting || alerting.receivers.length === 0) return undefined;
  const routes: Value[] = alerting.routes.map((route) => {
    const alert = DEFAULT_ALERTS.find((a) => a.id === route.key);
    return {
      matchers: [alert ? { matchType: '=', name: 'alertname', value: alert.name } : { matchType: '=', name: 'severity', value: route.key }],
      repeatInterval: toString(param(routeParam(route.key, 'repeatInterval'))),
      routes: alerting.receivers.map((r) => when(param(routeParam(route.key, { receiver: r.name })), { continue: true, receiver: r.name })),
    };
  });
  return {
    id: 'alertmanagerconfig',
    owner: 'app',
    ownerKind: 'app',
    kind: 'AlertmanagerConfig',
    condition: param('alerting.enabled'),
    sources: { '': spec.positions.get('alerting.receivers') ?? spec.positions.get('alerting')! },
    body: {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'AlertmanagerConfig',
      metadata: { labels: monitoringLabels(spec, 'alerting'), name: objectName('alerts'), namespace: param(NAMESPACE) },
      spec: {
        receivers: [{ name: NO_RECEIVER }, ...alerting.receivers.map(receiverBody)],
        route: { groupBy: ['alertname', 'component'], groupInterval: '5m', groupWait: '30s', receiver: NO_RECEIVER, routes },
      },
    },
  };
}
