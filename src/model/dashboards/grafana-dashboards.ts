// The five dashboards of a berth app (deployment status, service health, error rates, latency,
// throughput) built with Grafana's foundation SDK. In: the app's components and their metrics
// conventions, with placeholders for values that are parameters. Out: dashboard JSON models.
import type * as Cog from '@grafana/grafana-foundation-sdk/cog';
import type * as DashboardSdk from '@grafana/grafana-foundation-sdk/dashboard';
import type * as PrometheusSdk from '@grafana/grafana-foundation-sdk/prometheus';
import type * as TimeseriesSdk from '@grafana/grafana-foundation-sdk/timeseries';
import { CLUSTER_METRICS, type MetricsConvention } from '../metrics-convention.ts';
import { loadSdk, type Sdk } from './grafana-sdk.ts';

export interface DashboardComponent {
  readonly name: string;
  /** Undefined: the component serves no metrics of its own (cluster metrics only). */
  readonly convention?: MetricsConvention;
}

/** Values that differ per environment, as the placeholders the caller turns back into parameters. */
export interface DashboardValues {
  /** Object name prefix (`<fullname>`), inside strings. */
  readonly fullname: string;
  readonly namespace: string;
  /** Unique id of one dashboard in one environment, from its slug. */
  readonly uid: (slug: string) => string;
  /** Threshold lines, in the alerts' units (%, ms); numbers or numeric placeholders. */
  readonly thresholds: { readonly errorWarning: number; readonly errorCritical: number; readonly latency: number; readonly cpu: number };
}

export interface BuiltDashboard {
  readonly slug: string;
  readonly title: string;
  readonly model: DashboardSdk.Dashboard;
}

export const DASHBOARD_SLUGS = ['deployment-status', 'service-health', 'error-rates', 'latency', 'throughput'] as const;

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;
const WIDTH = 12;
const HEIGHT = 8;

/** Lays panels out two by two under their rows, numbering every panel and row in order. */
class Layout {
  private id = 0;
  private y = 0;
  private column = 0;
  constructor(private readonly builder: DashboardSdk.DashboardBuilder, private readonly s: Sdk) {}
  row(title: string): void {
    if (this.column > 0) this.y += HEIGHT;
    this.column = 0;
    this.builder.withRow(new this.s.dashboard.RowBuilder(title).id(++this.id).gridPos({ h: 1, w: 24, x: 0, y: this.y }));
    this.y += 1;
  }
  panel(panel: { id(id: number): unknown; gridPos(g: DashboardSdk.GridPos): unknown } & Cog.Builder<DashboardSdk.Panel>, width = WIDTH): void {
    if (this.column + width > 24) {
      this.y += HEIGHT;
      this.column = 0;
    }
    panel.id(++this.id);
    panel.gridPos({ h: HEIGHT, w: width, x: this.column, y: this.y });
    this.builder.withPanel(panel);
    this.column += width;
  }
}

export function buildDashboards(app: string, components: readonly DashboardComponent[], values: DashboardValues): BuiltDashboard[] {
  const s = loadSdk();
  const { fullname } = values;
  const pods = `namespace="$namespace",pod=~"${fullname}-($component)-.*",container=~"$component"`;
  const deployments = `namespace="$namespace",deployment=~"${fullname}-($component)"`;
  const rollouts = `namespace="$namespace",name=~"${fullname}-($component)"`;
  /** A Deployment series, or the Rollouts controller's for components that run as Rollouts, keyed by `deployment`. */
  const workloadSeries = (deployment: string, rollout: string) =>
    `${deployment}{${deployments}} or label_replace(${rollout}{${rollouts}}, "deployment", "$1", "name", "(.*)")`;
  const query = (expr: string, legend: string, refId = 'A') => new s.prometheus.DataqueryBuilder().expr(expr).legendFormat(legend).refId(refId);
  const series = (title: string, unit: string, ...targets: PrometheusSdk.DataqueryBuilder[]) => {
    const panel = new s.timeseries.PanelBuilder()
      .title(title)
      .datasource(DATASOURCE)
      .unit(unit)
      .legend(new s.common.VizLegendOptionsBuilder().showLegend(true).displayMode(s.common.LegendDisplayMode.List).placement(s.common.LegendPlacement.Bottom));
    for (const target of targets) panel.withTarget(target);
    return panel;
  };
  const thresholds = (steps: [number, string][]) =>
    new s.dashboard.ThresholdsConfigBuilder().mode(s.dashboard.ThresholdsMode.Absolute).steps([{ value: null, color: 'green' }, ...steps.map(([value, color]) => ({ value, color }))]);
  const withThresholds = (panel: TimeseriesSdk.PanelBuilder, steps: [number, string][]) =>
    panel.thresholds(thresholds(steps)).thresholdsStyle(new s.common.GraphThresholdsStyleConfigBuilder().mode(s.common.GraphThresholdsStyleMode.Dashed));

  // Components that serve request metrics, grouped by convention (each group queries its own names).
  const groups = new Map<string, { convention: MetricsConvention; names: string[] }>();
  for (const c of components) {
    if (!c.convention) continue;
    const key = JSON.stringify(c.convention);
    const group = groups.get(key) ?? { convention: c.convention, names: [] };
    group.names.push(c.name);
    groups.set(key, group);
  }
  const requestGroups = [...groups.values()];
  const selector = (m: MetricsConvention) => `${m.extraMatchers ? `${m.extraMatchers},` : ''}${m.namespaceLabel}="$namespace",${m.workloadLabel}=~"${fullname}-($component)"`;
  const groupTitle = (m: MetricsConvention, names: string[]) => `${m.kind === 'grpc' ? 'gRPC' : m.kind === 'istio' ? 'Istio' : 'HTTP'}: ${names.join(', ')}`;
  const rate = (metric: string, sel: string, extra = '') => `rate(${metric}{${sel}${extra}}[$__rate_interval])`;

  const dashboard = (slug: string, title: string, description: string, fill: (layout: Layout) => void): BuiltDashboard => {
    const fullTitle = `${app} / ${title} (${values.namespace})`;
    const builder = new s.dashboard.DashboardBuilder(fullTitle)
      .uid(values.uid(slug))
      .description(description)
      .tags(['berth', app])
      .editable()
      .refresh('30s')
      .time({ from: 'now-6h', to: 'now' })
      .timezone('browser')
      .withVariable(new s.dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'))
      .withVariable(
        new s.dashboard.QueryVariableBuilder('namespace')
          .label('Namespace')
          .datasource(DATASOURCE)
          .query(`label_values(${CLUSTER_METRICS.podInfo}{pod=~"${fullname}-.*"}, namespace)`)
          .current({ text: values.namespace, value: values.namespace })
          .refresh(s.dashboard.VariableRefresh.OnDashboardLoad)
          .sort(s.dashboard.VariableSort.AlphabeticalAsc),
      )
      .withVariable(
        new s.dashboard.CustomVariableBuilder('component')
          .label('Component')
          .values(components.map((c) => c.name).join(','))
          .multi(true)
          .includeAll(true)
          .allValue('.*')
          .current({ text: 'All', value: '$__all' }),
      );
    fill(new Layout(builder, s));
    return { slug, title: fullTitle, model: builder.build() };
  };

  return [
    dashboard('deployment-status', 'Deployment status', 'What runs where: the version of each component, when it was last rolled out, and how often it rolled.', (layout) => {
      layout.row('Versions and rollouts');
      layout.panel(
        new s.table.PanelBuilder()
          .title('Running version (image) per component')
          .datasource(DATASOURCE)
          .withTarget(new s.prometheus.DataqueryBuilder().expr(`count by (container, image) (${CLUSTER_METRICS.containerInfo}{${pods}})`).format(s.prometheus.PromQueryFormat.Table).instant().refId('A')),
      );
      layout.panel(
        new s.stat.PanelBuilder()
          .title('Last rollout')
          .datasource(DATASOURCE)
          .unit('dateTimeFromNow')
          .withTarget(
            query(
              `max by (owner_name) (${CLUSTER_METRICS.replicaSetCreated}{namespace="$namespace"} * on (namespace, replicaset) group_left (owner_name) ${CLUSTER_METRICS.replicaSetOwner}{namespace="$namespace",owner_kind=~"Deployment|Rollout",owner_name=~"${fullname}-($component)"}) * 1000`,
              '{{owner_name}}',
            ),
          ),
      );
      layout.panel(series('Rollouts (Deployment generation changes per day)', 'short', query(`changes(${CLUSTER_METRICS.deploymentGeneration}{${deployments}}[1d])`, '{{deployment}}')));
      layout.panel(
        series('Rollbacks (aborted Argo Rollouts per day)', 'short', query(`sum by (name) (increase(${CLUSTER_METRICS.rolloutEvents}{${rollouts},reason="RolloutAborted"}[1d]))`, '{{name}}')).noValue(
          'none (counted for Argo Rollouts)',
        ),
      );
      layout.panel(
        series(
          'Available and desired replicas',
          'short',
          query(workloadSeries(CLUSTER_METRICS.deploymentAvailable, CLUSTER_METRICS.rolloutAvailable), '{{deployment}} available'),
          query(workloadSeries(CLUSTER_METRICS.deploymentDesired, CLUSTER_METRICS.rolloutDesired), '{{deployment}} desired', 'B'),
        ),
        24,
      );
    }),
    dashboard('service-health', 'Service health', 'Pods, CPU and memory against their limits, and restarts, per component.', (layout) => {
      layout.row('Pods');
      layout.panel(series('Ready pods', 'short', query(`sum by (deployment) (${workloadSeries(CLUSTER_METRICS.deploymentAvailable, CLUSTER_METRICS.rolloutAvailable)})`, '{{deployment}}')));
      layout.panel(series('Container restarts (1h)', 'short', query(`sum by (pod) (increase(${CLUSTER_METRICS.restarts}{${pods}}[1h]))`, '{{pod}}')));
      layout.row('Resources');
      layout.panel(
        withThresholds(
          series(
            'CPU (% of limit)',
            'percent',
            query(`sum by (pod) (${rate(CLUSTER_METRICS.cpuUsage, pods)}) / sum by (pod) (${CLUSTER_METRICS.cpuLimit}{${pods},resource="cpu"}) * 100`, '{{pod}}'),
          ),
          [[values.thresholds.cpu, 'orange']],
        ),
      );
      layout.panel(series('Memory (working set)', 'bytes', query(`sum by (pod) (${CLUSTER_METRICS.memoryUsage}{${pods}})`, '{{pod}}')));
    }),
    dashboard('error-rates', 'Error rates', 'Server and client error shares of the requests, and the responses by status or gRPC code.', (layout) => {
      for (const { convention: m, names } of requestGroups) {
        layout.row(groupTitle(m, names));
        const share = (codes: string) => `sum by (${m.workloadLabel}) (${rate(m.requests, selector(m), `,${m.codeLabel}=~"${codes}"`)}) / sum by (${m.workloadLabel}) (${rate(m.requests, selector(m))}) * 100`;
        layout.panel(
          withThresholds(series(m.kind === 'grpc' ? 'Server errors (% of RPCs)' : '5xx (% of requests)', 'percent', query(share(m.serverErrors), `{{${m.workloadLabel}}}`)), [
            [values.thresholds.errorWarning, 'orange'],
            [values.thresholds.errorCritical, 'red'],
          ]),
        );
        layout.panel(series(m.kind === 'grpc' ? 'Client errors (% of RPCs)' : '4xx (% of requests)', 'percent', query(share(m.clientErrors), `{{${m.workloadLabel}}}`)));
        layout.panel(series(m.kind === 'grpc' ? 'RPCs by gRPC code' : 'Responses by status code', 'reqps', query(`sum by (${m.codeLabel}) (${rate(m.requests, selector(m))})`, `{{${m.codeLabel}}}`)), 24);
      }
    }),
    dashboard('latency', 'Latency', 'P50, P95 and P99 of the request durations, in milliseconds, against the P95 alert threshold.', (layout) => {
      for (const { convention: m, names } of requestGroups) {
        layout.row(groupTitle(m, names));
        const quantile = (q: string, refId: string) =>
          query(`histogram_quantile(${q}, sum by (le, ${m.workloadLabel}) (${rate(`${m.duration}_bucket`, selector(m))}))${m.durationUnit === 'seconds' ? ' * 1000' : ''}`, `{{${m.workloadLabel}}} p${q.slice(2).padEnd(2, '0')}`, refId);
        layout.panel(withThresholds(series('P50 / P95 / P99', 'ms', quantile('0.5', 'A'), quantile('0.95', 'B'), quantile('0.99', 'C')), [[values.thresholds.latency, 'red']]), 24);
      }
    }),
    dashboard('throughput', 'Throughput', 'Requests per second and open connections (or requests in flight), per component.', (layout) => {
      for (const { convention: m, names } of requestGroups) {
        layout.row(groupTitle(m, names));
        layout.panel(series(m.kind === 'grpc' ? 'RPCs per second' : 'Requests per second', 'reqps', query(`sum by (${m.workloadLabel}) (${rate(m.requests, selector(m))})`, `{{${m.workloadLabel}}}`)));
        const active = m.connections
          ? `sum by (${m.workloadLabel}) (${m.connections}{${selector(m)}})`
          : `sum by (${m.workloadLabel}) (${m.connectionsOpened}{${selector(m)}}) - sum by (${m.workloadLabel}) (${m.connectionsClosed}{${selector(m)}})`;
        layout.panel(series(m.kind === 'grpc' ? 'RPCs in flight' : 'Active connections', 'short', query(active, `{{${m.workloadLabel}}}`)));
      }
    }),
  ];
}
