// Monitoring that silently sees nothing: a scrape target that NetworkPolicies close to Prometheus,
// and a dashboard tied to one data source.
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asNumber, asRecord, asString, dig } from '../json-values.ts';
import { matchesLabelSelector, readLabels } from '../label-selector.ts';
import { namespaceOf, sameNamespace, selectsTemplate, servingContainers, type PodTemplate, type RuleContext } from '../rule-context.ts';

/** The namespaces a monitor looks in: its `namespaceSelector.matchNames`, or its own. */
function monitoredNamespaces(monitor: KubernetesObject): (string | undefined)[] {
  const names = asArray(dig(monitor, 'spec', 'namespaceSelector', 'matchNames')).map(asString).filter((n): n is string => n !== undefined);
  return names.length > 0 ? names : [namespaceOf(monitor)];
}

/** The container port a pod serves under a name, or the number itself. */
function containerPort(template: PodTemplate, port: string | number): { number?: number; name?: string } {
  for (const { container } of servingContainers(template)) {
    for (const item of asArray(container.ports)) {
      const p = asRecord(item);
      if (!p) continue;
      if (typeof port === 'string' ? p.name === port : p.containerPort === port) return { number: asNumber(p.containerPort), name: asString(p.name) };
    }
  }
  return typeof port === 'number' ? { number: port } : { name: port };
}

/** Whether a NetworkPolicy ingress rule lets pods of another namespace reach the port. */
function admitsOtherNamespaces(rule: Record<string, unknown>, port: { number?: number; name?: string }): boolean {
  const from = asArray(rule.from);
  const sources = from.length === 0 || from.some((peer) => asRecord(peer)?.namespaceSelector !== undefined || asRecord(peer)?.ipBlock !== undefined);
  const ports = asArray(rule.ports);
  const onPort = ports.length === 0 || ports.some((p) => {
    const value = asRecord(p)?.port;
    return value === undefined || value === port.number || value === port.name;
  });
  return sources && onPort;
}

/** Why Prometheus cannot reach the port, or undefined when some policy (or none) lets it. */
function scrapeBlocked(context: RuleContext, template: PodTemplate, port: { number?: number; name?: string }): string | undefined {
  const policies = context.ofKind('NetworkPolicy').filter((p) => {
    const types = asArray(dig(p, 'spec', 'policyTypes'));
    const ingress = types.length === 0 || types.includes('Ingress');
    return ingress && selectsTemplate(p, dig(p, 'spec', 'podSelector') ?? {}, template);
  });
  if (policies.length === 0) return undefined;
  const open = policies.some((p) => asArray(dig(p, 'spec', 'ingress')).some((rule) => admitsOtherNamespaces(asRecord(rule) ?? {}, port)));
  return open ? undefined : policies.map((p) => p.metadata.name).sort().join(', ');
}

interface Target {
  readonly template: PodTemplate;
  readonly port: string | number;
  readonly path: string;
}

/** What each ServiceMonitor and PodMonitor scrapes: pod templates and their ports. */
function scrapeTargets(context: RuleContext, monitor: KubernetesObject): Target[] {
  const namespaces = monitoredNamespaces(monitor);
  const selector = dig(monitor, 'spec', 'selector');
  const inScope = (o: KubernetesObject) => namespaces.some((n) => sameNamespace(namespaceOf(o), n));
  const targets: Target[] = [];
  if (monitor.kind === 'PodMonitor') {
    const templates = context.podTemplates.filter((t) => inScope(t.workload) && matchesLabelSelector(selector, t.labels));
    asArray(dig(monitor, 'spec', 'podMetricsEndpoints')).forEach((e, i) => {
      const port = asString(asRecord(e)?.port) ?? asNumber(asRecord(e)?.portNumber);
      if (port !== undefined) for (const template of templates) targets.push({ template, port, path: `spec.podMetricsEndpoints[${i}].port` });
    });
    return targets;
  }
  const services = context.ofKind('Service').filter((s) => inScope(s) && matchesLabelSelector(selector, readLabels(s.metadata.labels)));
  asArray(dig(monitor, 'spec', 'endpoints')).forEach((e, i) => {
    const name = asString(asRecord(e)?.port);
    if (name === undefined) return;
    for (const service of services) {
      const servicePort = asArray(dig(service, 'spec', 'ports')).map(asRecord).find((p) => p?.name === name);
      if (!servicePort) continue;
      const target = (asString(servicePort.targetPort) ?? asNumber(servicePort.targetPort) ?? asNumber(servicePort.port))!;
      const podSelector = asRecord(dig(service, 'spec', 'selector'));
      if (!podSelector) continue;
      for (const template of context.templatesMatchingMap(readLabels(podSelector), namespaceOf(service))) targets.push({ template, port: target, path: `spec.endpoints[${i}].port` });
    }
  });
  return targets;
}

export const scrapeAllowed = defineRule({
  id: 'scrape-allowed',
  severity: 'warning',
  summary: 'Every port a ServiceMonitor or PodMonitor scrapes is open to other namespaces under the NetworkPolicies of its pods.',
  scope: 'set',
  run(context, report) {
    for (const monitor of [...context.ofKind('ServiceMonitor'), ...context.ofKind('PodMonitor')]) {
      const seen = new Set<string>();
      for (const { template, port, path } of scrapeTargets(context, monitor)) {
        const resolved = containerPort(template, port);
        const key = `${template.workload.kind}/${template.workload.metadata.name}/${resolved.number ?? resolved.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const policies = scrapeBlocked(context, template, resolved);
        if (!policies) continue;
        const shown = resolved.name && resolved.number ? `"${resolved.name}" (${resolved.number})` : String(resolved.number ?? `"${resolved.name}"`);
        report({
          object: monitor,
          path,
          message: `Prometheus cannot scrape port ${shown} of ${template.workload.kind}/${template.workload.metadata.name}: its NetworkPolicies (${policies}) admit no other namespace on it, so every alert and dashboard of it sees no data`,
          hint: 'in berth.yaml declare the port under the component\'s `metrics:` (berth then adds the rule) and set `monitoring.namespace`; otherwise add an ingress rule from `namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: monitoring } }` on that port',
        });
      }
    }
  },
});

/** The label the Grafana sidecar loads dashboards by. */
const DASHBOARD_LABEL = 'grafana_dashboard';

export const dashboardDatasourceVariable = defineRule({
  id: 'dashboard-datasource-variable',
  severity: 'warning',
  summary: 'Every Grafana dashboard in a ConfigMap has a datasource variable, and its panels use it.',
  scope: 'object',
  run(context, report) {
    for (const configMap of context.ofKind('ConfigMap')) {
      if (readLabels(configMap.metadata.labels)[DASHBOARD_LABEL] === undefined) continue;
      for (const [key, text] of Object.entries(asRecord(configMap.data) ?? {})) {
        if (!key.endsWith('.json') || typeof text !== 'string') continue;
        const path = joinPath('data', key);
        let dashboard: unknown;
        try {
          dashboard = JSON.parse(text);
        } catch (error) {
          report({ object: configMap, path, message: `dashboard ${key} is not valid JSON (${(error as Error).message}): Grafana skips it`, hint: 'write the dashboard\'s JSON model as Grafana exports it' });
          continue;
        }
        const variables = asArray(dig(dashboard, 'templating', 'list')).map(asRecord);
        const variable = variables.find((v) => v?.type === 'datasource');
        if (!variable) {
          report({
            object: configMap,
            path,
            message: `dashboard ${key} has no datasource variable: it works only against the data source it was made with, and shows nothing in a Grafana whose Prometheus has another uid`,
            hint: 'add a templating variable of type datasource (query: prometheus) and set every panel\'s datasource to { uid: "${datasource}" } (berth\'s dashboards have one)',
          });
          continue;
        }
        const fixed = asArray(dig(dashboard, 'panels'))
          .flatMap((p) => [asRecord(p), ...asArray(asRecord(p)?.panels).map(asRecord)])
          .filter((p) => {
            const uid = asString(asRecord(p?.datasource)?.uid);
            return uid !== undefined && !uid.startsWith('$');
          })
          .map((p) => asString(p?.title) ?? '(untitled)');
        if (fixed.length > 0) {
          report({
            object: configMap,
            path,
            message: `dashboard ${key} has a datasource variable, but panel${fixed.length > 1 ? 's' : ''} ${fixed.map((t) => `"${t}"`).join(', ')} name a fixed data source`,
            hint: `set their datasource to { uid: "\${${asString(variable.name) ?? 'datasource'}}" }`,
          });
        }
      }
    }
  },
});
