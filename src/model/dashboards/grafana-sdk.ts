// Grafana's foundation SDK (CommonJS), loaded on first use only: commands that build no dashboard
// never pay for it. From the sources it is required from node_modules; the build swaps in
// grafana-sdk.bundled.ts, which requires the same modules from inside the bundle.
import { createRequire } from 'node:module';
import type * as CommonSdk from '@grafana/grafana-foundation-sdk/common';
import type * as DashboardSdk from '@grafana/grafana-foundation-sdk/dashboard';
import type * as PrometheusSdk from '@grafana/grafana-foundation-sdk/prometheus';
import type * as StatSdk from '@grafana/grafana-foundation-sdk/stat';
import type * as TableSdk from '@grafana/grafana-foundation-sdk/table';
import type * as TimeseriesSdk from '@grafana/grafana-foundation-sdk/timeseries';

export interface Sdk {
  readonly common: typeof CommonSdk;
  readonly dashboard: typeof DashboardSdk;
  readonly prometheus: typeof PrometheusSdk;
  readonly stat: typeof StatSdk;
  readonly table: typeof TableSdk;
  readonly timeseries: typeof TimeseriesSdk;
}

let sdk: Sdk | undefined;

export function loadSdk(): Sdk {
  if (sdk) return sdk;
  const load = createRequire(import.meta.url);
  sdk = {
    common: load('@grafana/grafana-foundation-sdk/common'),
    dashboard: load('@grafana/grafana-foundation-sdk/dashboard'),
    prometheus: load('@grafana/grafana-foundation-sdk/prometheus'),
    stat: load('@grafana/grafana-foundation-sdk/stat'),
    table: load('@grafana/grafana-foundation-sdk/table'),
    timeseries: load('@grafana/grafana-foundation-sdk/timeseries'),
  };
  return sdk;
}
