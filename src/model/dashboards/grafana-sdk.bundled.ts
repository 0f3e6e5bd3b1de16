// The bundle's grafana-sdk.ts (swapped in by scripts/build.ts): the same modules, bundled, so that
// esbuild carries them and V8's code cache covers them. A CommonJS bundle runs each only when
// required, on first use, as from the sources.
import type { Sdk } from './grafana-sdk.ts';

declare const require: (id: string) => never;

export type { Sdk };

let sdk: Sdk | undefined;

export function loadSdk(): Sdk {
  sdk ??= {
    common: require('@grafana/grafana-foundation-sdk/common'),
    dashboard: require('@grafana/grafana-foundation-sdk/dashboard'),
    prometheus: require('@grafana/grafana-foundation-sdk/prometheus'),
    stat: require('@grafana/grafana-foundation-sdk/stat'),
    table: require('@grafana/grafana-foundation-sdk/table'),
    timeseries: require('@grafana/grafana-foundation-sdk/timeseries'),
  };
  return sdk;
}
