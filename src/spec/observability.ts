// `metrics:`, `monitoring:` and `alerting:` → their normalised forms, and an environment's alerting
// merged over the app's.
import { InputError, type SourcePosition } from '../diagnostics.ts';
import type { AlertRoute, Alerting, AlertSetting, Metrics, Monitoring, Port, Receiver, Severity } from './app-spec.ts';
import { DEFAULT_ALERTS, SEVERITY_RESPONSE } from './default-alerts.ts';
import type { AlertingInput, ComponentInput, EnvironmentInput, SpecInput } from './schema.ts';

export const DEFAULT_MONITORING_NAMESPACE = 'monitoring';
/** The container port name of a worker's metrics. */
export const WORKER_METRICS_PORT = 'metrics';

export function normalizeMetrics(
  component: string,
  input: ComponentInput['metrics'],
  ports: readonly Port[],
  positions: ReadonlyMap<string, SourcePosition>,
): Metrics | undefined {
  if (!input) return undefined;
  const given = input.convention ?? 'http';
  const convention = typeof given === 'string' ? { kind: given, overrides: {} } : { kind: given.kind ?? 'http', overrides: definedOnly({ ...given, kind: undefined }) };
  // A worker serves metrics on a port of its own: no Service, the pods are scraped directly.
  if (ports.length === 0 && typeof input.port === 'number') {
    return { port: WORKER_METRICS_PORT, containerPort: input.port, path: input.path ?? '/metrics', interval: input.interval ?? '30s', convention };
  }
  const port = ports.find((p) => (typeof input.port === 'number' ? p.port === input.port : p.name === input.port));
  if (!port) {
    const path = `components.${component}.metrics.port`;
    throw new InputError(`the metrics port of ${component} is not one of its ports`, [
      {
        code: 'metrics-port-unknown',
        severity: 'error',
        message: `metrics port ${input.port} is not a port of ${component}`,
        path,
        position: positions.get(path) ?? positions.get(`components.${component}`),
        hint: ports.length > 0 ? `use one of: ${ports.map((p) => `${p.name} (${p.port})`).join(', ')}` : `${component} has no ports: give the number of the port its metrics are served on (a PodMonitor scrapes its pods)`,
      },
    ]);
  }
  return { port: port.name, path: input.path ?? '/metrics', interval: input.interval ?? '30s', convention };
}

export function normalizeMonitoring(input: SpecInput['monitoring']): Monitoring {
  return {
    namespace: input?.namespace ?? DEFAULT_MONITORING_NAMESPACE,
    labels: Object.entries(input?.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

export function normalizeAlerting(input: AlertingInput | undefined): Alerting | undefined {
  if (!input) return undefined;
  const alerts: AlertSetting[] = DEFAULT_ALERTS.map((row) => {
    const setting = input.alerts?.[row.id as keyof NonNullable<AlertingInput['alerts']>];
    if (setting === false) return { id: row.id, enabled: false, threshold: row.threshold, for: row.for, severity: row.severity };
    return { id: row.id, enabled: true, threshold: setting?.threshold ?? row.threshold, for: setting?.for ?? row.for, severity: setting?.severity ?? row.severity };
  });
  return {
    enabled: input.enabled ?? true,
    receivers: normalizeReceivers(input.receivers ?? {}),
    routes: normalizeRoutes(input.routes ?? {}),
    alerts,
    custom: (input.custom ?? []).map((c) => ({ ...c, for: c.for ?? '5m' })),
    runbookBase: input.runbookBase,
  };
}

function normalizeReceivers(input: NonNullable<AlertingInput['receivers']>): Receiver[] {
  return Object.entries(input)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, r]): Receiver => {
      if ('slack' in r) return { name, kind: 'slack', channel: r.slack.channel, webhook: r.slack.webhook };
      if ('pagerduty' in r) return { name, kind: 'pagerduty', routingKey: r.pagerduty.routingKey };
      return { name, kind: 'email', ...r.email };
    });
}

/** The routes in matching order: a default alert's own route before its severity's. */
export const ROUTE_KEYS: readonly string[] = [...DEFAULT_ALERTS.map((a) => a.id), 'critical', 'warning', 'info'];

function normalizeRoutes(input: NonNullable<AlertingInput['routes']>): AlertRoute[] {
  const given = input as Record<string, { receivers: string[]; repeat?: string } | undefined>;
  return ROUTE_KEYS.flatMap((key) => {
    const route = given[key];
    if (!route) return [];
    const response = DEFAULT_ALERTS.find((a) => a.id === key)?.response ?? SEVERITY_RESPONSE[key as Severity];
    return [{ key, receivers: [...new Set(route.receivers)].sort(), repeat: route.repeat ?? response }];
  });
}

/**
 * The app's alerting as an environment sees it. An environment can only change alerting the app
 * declares: every environment has the same alerts, some switched off or tuned.
 */
export function mergeAlerting(base: AlertingInput | undefined, env: EnvironmentInput['alerting']): AlertingInput | undefined {
  if (!base || !env) return base;
  const alerts: NonNullable<AlertingInput['alerts']> = { ...(base.alerts ?? {}) };
  for (const [id, setting] of Object.entries(env.alerts ?? {}) as [keyof typeof alerts, (typeof alerts)[keyof typeof alerts]][]) {
    const prior = alerts[id];
    alerts[id] = setting === false || setting === undefined ? setting : { ...(prior || {}), ...setting };
  }
  const routes: NonNullable<AlertingInput['routes']> = { ...(base.routes ?? {}) };
  for (const [key, route] of Object.entries(env.routes ?? {}) as [keyof typeof routes, (typeof routes)[keyof typeof routes]][]) {
    const prior = routes[key];
    if (prior && route) routes[key] = { ...prior, ...route };
  }
  return { ...base, enabled: env.enabled ?? base.enabled, alerts, routes };
}

function definedOnly<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
