// `strategy:` (app-wide, per component, per environment) → each component's normalised delivery
// strategy, with seed 004's canary steps, analysis thresholds and blue-green watch as defaults.
import type { Analysis, CanaryStep, DeliveryStrategy, StrategyType } from './app-spec.ts';
import type { AnalysisInput, AppStrategyInput, BlueGreenInput, CanaryInput, ComponentInput, ComponentStrategyInput, SpecInput } from './schema.ts';

export const STRATEGY_DEFAULTS = {
  // Seed 004, section 2.3: 5 % → 25 % → 50 % → 100 %, 10 minutes per step.
  steps: [5, 25, 50, 100],
  pause: '10m',
  analysis: { interval: '30s', window: '1m', failureLimit: 0, errorRate: 1, latencyP99: '1s', restarts: 0 },
  // Seed 004, section 2.4: watch 10 minutes after the switch, switch back at once.
  blueGreen: { watch: '10m', scaleDownDelaySeconds: 600, smokeTestImage: 'curlimages/curl:8.11.1' },
} as const;

/** The long form of a strategy setting (`canary` → `{ type: canary }`). */
function longForm(value: ComponentStrategyInput | AppStrategyInput | undefined): Exclude<AppStrategyInput, string> {
  if (value === undefined) return {};
  return typeof value === 'string' ? { type: value } : value;
}

/** The strategy a component has in one environment (undefined: the base). */
export function strategyTypeOf(input: SpecInput, component: string, environment?: string): StrategyType {
  const env = environment === undefined ? undefined : input.environments?.[environment];
  return (
    env?.components?.[component]?.strategy ??
    env?.strategy ??
    longForm(input.components[component]?.strategy).type ??
    longForm(input.strategy).type ??
    'rolling'
  );
}

/** Components some view of the spec releases progressively: they get a strategy parameter. */
export function progressiveComponents(input: SpecInput): readonly string[] {
  // Asked once per component while the spec is normalised: worked out once per spec.
  let progressive = progressiveBySpec.get(input);
  if (!progressive) {
    const views = [undefined, ...Object.keys(input.environments ?? {})];
    progressive = Object.keys(input.components)
      .filter((name) => views.some((env) => strategyTypeOf(input, name, env) !== 'rolling'))
      .sort();
    progressiveBySpec.set(input, progressive);
  }
  return progressive;
}

const progressiveBySpec = new WeakMap<SpecInput, readonly string[]>();

/** The component as an environment sees it: its strategy's type is the environment's. */
export function withEnvironmentStrategy(input: SpecInput, environment: string, name: string, component: ComponentInput): ComponentInput {
  const type = strategyTypeOf(input, name, environment);
  return { ...component, strategy: { ...longForm(component.strategy), type } };
}

export function normalizeStrategy(
  input: SpecInput,
  name: string,
  component: ComponentInput,
  progressive: readonly string[],
): DeliveryStrategy | undefined {
  if (!progressive.includes(name)) return undefined;
  const app = longForm(input.strategy);
  const own = longForm(component.strategy);
  const type = own.type ?? app.type ?? 'rolling';
  const canary: CanaryInput = { ...(app.canary ?? {}), ...definedOnly(own.canary ?? {}) };
  const blueGreen: BlueGreenInput = { ...(app.blueGreen ?? {}), ...definedOnly(own.blueGreen ?? {}) };
  const prometheus = app.prometheus ?? '';
  const pause = canary.pause ?? STRATEGY_DEFAULTS.pause;
  const steps: CanaryStep[] = (canary.steps ?? STRATEGY_DEFAULTS.steps).map((step) =>
    typeof step === 'number' ? (step === 100 ? { weight: 100 } : { weight: step, pause }) : { weight: step.weight, ...(step.pause ? { pause: step.pause } : {}) },
  );
  const healthPath = typeof component.health === 'object' && component.health.http !== undefined
    ? typeof component.health.http === 'string' ? component.health.http : component.health.http.path
    : '/';
  const smokeTest = blueGreen.smokeTest === false
    ? undefined
    : { path: blueGreen.smokeTest?.path ?? healthPath, image: blueGreen.smokeTest?.image ?? STRATEGY_DEFAULTS.blueGreen.smokeTestImage };
  return {
    type,
    canary: {
      steps,
      traffic: canary.traffic ?? 'replicas',
      ...(canary.gateway ? { gateway: { name: canary.gateway.name, ...(canary.gateway.namespace ? { namespace: canary.gateway.namespace } : {}) } } : {}),
      analysis: normalizeAnalysis(canary.analysis, prometheus),
    },
    blueGreen: {
      autoPromote: blueGreen.autoPromote ?? true,
      ...(blueGreen.autoPromotionSeconds !== undefined ? { autoPromotionSeconds: blueGreen.autoPromotionSeconds } : {}),
      smokeTest,
      analysis: normalizeAnalysis(blueGreen.analysis, prometheus),
      watch: blueGreen.watch ?? STRATEGY_DEFAULTS.blueGreen.watch,
      scaleDownDelaySeconds: blueGreen.scaleDownDelaySeconds ?? STRATEGY_DEFAULTS.blueGreen.scaleDownDelaySeconds,
    },
  };
}

function normalizeAnalysis(input: AnalysisInput | undefined, prometheus: string): Analysis | undefined {
  if (input === undefined) return undefined;
  const given = input === true ? {} : input;
  const d = STRATEGY_DEFAULTS.analysis;
  const latency = given.latencyP99 === false ? undefined : durationSeconds(given.latencyP99 ?? d.latencyP99);
  return {
    prometheus,
    interval: given.interval ?? d.interval,
    window: given.window ?? d.window,
    failureLimit: given.failureLimit ?? d.failureLimit,
    ...(given.errorRate === false ? {} : { errorRate: given.errorRate ?? d.errorRate }),
    ...(latency === undefined ? {} : { latencyP99: latency }),
    ...(given.restarts === false ? {} : { restarts: given.restarts ?? d.restarts }),
    // Only what the spec says: the rest comes from the component's metrics convention in the model.
    metrics: definedOnly(given.metrics ?? {}),
  };
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** `1m30s` → 90; a Prometheus duration in seconds. */
export function durationSeconds(text: string): number {
  let total = 0;
  for (const match of text.matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)) total += Number(match[1]) * UNIT_SECONDS[match[2]];
  return Math.round(total * 1000) / 1000;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
