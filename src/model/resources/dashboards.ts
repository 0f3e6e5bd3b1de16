// The app's Grafana dashboards as ConfigMaps the Grafana sidecar loads (`grafana_dashboard: "1"`).
// Their JSON is built once with placeholders where a value is a parameter (names, namespace,
// alert thresholds), and the placeholders become parameter references, so a dashboard follows an
// environment's values in every format the same way.
import type { AppSpec } from '../../spec/app-spec.ts';
import { DEFAULT_ALERTS } from '../../spec/default-alerts.ts';
import { buildDashboards, type DashboardValues } from '../dashboards/grafana-dashboards.ts';
import { componentConvention } from '../metrics-convention.ts';
import { FULLNAME, NAMESPACE, objectName, type TemplateObject } from '../template-object.ts';
import { concat, hash, param, toString, type Value } from '../template.ts';
import { alertParam } from './monitoring.ts';
import { labels } from './pod.ts';

/** The label the Grafana sidecar of kube-prometheus-stack watches. */
export const DASHBOARD_LABEL = 'grafana_dashboard';

/** Numbers no dashboard holds by itself, standing for a threshold parameter until the JSON is written. */
const NUMBER_BASE = 987650000;
const PLACEHOLDER = /@@berth:(fullname|namespace|uid:[a-z-]+)@@|\b(98765\d{4})\b/g;

export function dashboardObjects(spec: AppSpec): TemplateObject[] {
  if (!spec.dashboards) return [];
  const numbers = new Map<number, Value>();
  const threshold = (id: string): number => {
    const row = DEFAULT_ALERTS.find((a) => a.id === id)!;
    if (!spec.alerting) return row.threshold;
    const placeholder = NUMBER_BASE + numbers.size;
    numbers.set(placeholder, toString(alertParam(id, 'threshold')));
    return placeholder;
  };
  const values: DashboardValues = {
    fullname: '@@berth:fullname@@',
    namespace: '@@berth:namespace@@',
    uid: (slug) => `@@berth:uid:${slug}@@`,
    thresholds: { errorWarning: threshold('error-rate-warning'), errorCritical: threshold('error-rate-critical'), latency: threshold('latency-p95'), cpu: threshold('cpu-high') },
  };
  const components = spec.components.map((c) => ({ name: c.name, convention: componentConvention(c) }));
  return buildDashboards(spec.name, components, values).map(({ slug, model }) => ({
    id: `dashboard-${slug}-configmap`,
    owner: 'app',
    ownerKind: 'app',
    kind: 'ConfigMap',
    condition: param('dashboards.enabled'),
    sources: { '': spec.positions.get('dashboards') ?? spec.positions.get('name')! },
    body: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        labels: { ...labels(spec.name, spec.version, 'dashboards'), [DASHBOARD_LABEL]: '1' },
        name: objectName(`dashboard-${slug}`),
        namespace: param(NAMESPACE),
      },
      data: { [`${slug}.json`]: withParameters(JSON.stringify(model), numbers) },
    },
  }));
}

/** The dashboard text with its placeholders turned into parameter references. */
function withParameters(text: string, numbers: ReadonlyMap<number, Value>): Value {
  const parts: Value[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, match.index));
    const [, name, number] = match;
    if (number !== undefined) parts.push(numbers.get(Number(number)) ?? number);
    else if (name === 'fullname') parts.push(param(FULLNAME));
    else if (name === 'namespace') parts.push(param(NAMESPACE));
    else {
      // A uid is unique per environment and app, and short enough for Grafana (40 characters).
      const slug = name.slice('uid:'.length);
      parts.push(concat(`${slug}-`, hash(concat(param(NAMESPACE), '/', param(FULLNAME), `/${slug}`), 10)));
    }
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return concat(...parts.filter((p) => p !== ''));
}
