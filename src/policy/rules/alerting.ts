// Alerting rules (prometheus-operator PrometheusRules): an alert that pages someone says how urgent
// it is and what is wrong, or the receiver cannot route it and the person woken cannot act on it.
import { defineRule } from '../define-rule.ts';
import { asArray, asRecord, asString, dig } from '../json-values.ts';
import { matchesLabelSelector, readLabels } from '../label-selector.ts';
import { namespaceOf, sameNamespace } from '../rule-context.ts';

export const alertSeveritySummary = defineRule({
  id: 'alert-severity-summary',
  severity: 'warning',
  summary: 'Every alert of a PrometheusRule has a severity label and a summary annotation.',
  scope: 'object',
  run(context, report) {
    for (const { object, rule, alert, path } of alertsOf(context.ofKind('PrometheusRule'))) {
      if (!asString(asRecord(rule.labels)?.severity)) {
        report({
          object,
          path: `${path}.labels`,
          message: `alert ${alert} has no severity label: Alertmanager routes by severity, so it reaches no receiver or the wrong one`,
          hint: 'add labels.severity: critical, warning or info (berth\'s alerts always carry one)',
        });
      }
      if (!asString(asRecord(rule.annotations)?.summary)) {
        report({
          object,
          path: `${path}.annotations`,
          message: `alert ${alert} has no summary annotation: the notification says only its name, not what is wrong or where`,
          hint: 'add annotations.summary naming the component and the environment, e.g. "5xx rate of api in prod above 5%"',
        });
      }
    }
  },
});

export const alertRunbook = defineRule({
  id: 'alert-runbook',
  severity: 'info',
  summary: 'Every alert of a PrometheusRule links a runbook (a runbook_url annotation).',
  scope: 'object',
  run(context, report) {
    for (const { object, rule, alert, path } of alertsOf(context.ofKind('PrometheusRule'))) {
      if (asString(asRecord(rule.annotations)?.runbook_url)) continue;
      report({
        object,
        path: `${path}.annotations`,
        message: `alert ${alert} links no runbook: whoever it wakes must work out alone what to check and how to fix it`,
        hint: 'in berth.yaml set alerting.runbookBase (every default alert links <base>/<id>) and `runbook:` on custom alerts; otherwise add annotations.runbook_url',
      });
    }
  },
});

/** Each alerting rule (recording rules have no `alert`) of the PrometheusRules, with its path. */
function* alertsOf<T>(objects: Iterable<T>): Generator<{ object: T; rule: Record<string, unknown>; alert: string; path: string }> {
  for (const object of objects) {
    const groups = asArray(dig(object, 'spec', 'groups'));
    for (let g = 0; g < groups.length; g++) {
      const rules = asArray(asRecord(groups[g])?.rules);
      for (let r = 0; r < rules.length; r++) {
        const rule = asRecord(rules[r]);
        const alert = asString(rule?.alert);
        if (rule && alert !== undefined) yield { object, rule, alert, path: `spec.groups[${g}].rules[${r}]` };
      }
    }
  }
}

/** A Service port that serves metrics by its name: `metrics`, `http-metrics`, `metrics-admin`. */
function isMetricsPort(name: string): boolean {
  return /(^|-)metrics($|-)/.test(name);
}

export const metricsScraped = defineRule({
  id: 'metrics-scraped',
  severity: 'info',
  summary: 'In a set monitored with ServiceMonitors, every Service port named for metrics is scraped by one.',
  scope: 'set',
  run(context, report) {
    const monitors = context.ofKind('ServiceMonitor');
    // Only sets that use the prometheus-operator: elsewhere scraping may be configured another way.
    if (monitors.length === 0 && !context.hasKind('PrometheusRule')) return;
    for (const service of context.ofKind('Service')) {
      const labels = readLabels(service.metadata.labels);
      asArray(dig(service, 'spec', 'ports')).forEach((item, index) => {
        const name = asString(asRecord(item)?.name);
        if (name === undefined || !isMetricsPort(name)) return;
        const scraped = monitors.some((monitor) => {
          const names = asArray(dig(monitor, 'spec', 'namespaceSelector', 'matchNames')).map(asString);
          const inNamespace = names.length > 0 ? names.includes(namespaceOf(service)) : sameNamespace(namespaceOf(monitor), namespaceOf(service));
          const endpoints = asArray(dig(monitor, 'spec', 'endpoints')).map((e) => asString(asRecord(e)?.port));
          return inNamespace && matchesLabelSelector(dig(monitor, 'spec', 'selector'), labels) && endpoints.includes(name);
        });
        if (scraped) return;
        report({
          object: service,
          path: `spec.ports[${index}].name`,
          message: `port "${name}" serves metrics, but no ServiceMonitor scrapes it: its alerts and dashboards see no data`,
          hint: 'in berth.yaml add `metrics: { port: <name> }` to the component; otherwise a ServiceMonitor whose selector matches the Service and whose endpoint names the port',
        });
      });
    }
  },
});
