// The one place berth finds and runs external engines (helm, kubectl/kustomize).
// In: an engine name and the environment; out: a runnable location (or a MissingEngine saying how to get it).

export { EngineError } from './engine-error.ts';
export {
  type EngineLocation,
  type EngineName,
  type LocateEngineOptions,
  type MissingEngine,
  bundledEngines,
  engineEnvVar,
  locateEngine,
} from './locate-engine.ts';
export { type EngineRun, type RunEngineOptions, engineVersion, runEngine } from './run-engine.ts';
export { describeEngine } from './describe-engine.ts';
