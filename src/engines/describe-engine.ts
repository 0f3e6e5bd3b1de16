// How verify names the engine that rendered a target: the engine's own version (`helm v3.18.0`,
// `kustomize v5.7.1 (kubectl v1.35.2)`), read once per binary and run, plus where it came from.
import { EngineError } from './engine-error.ts';
import type { EngineLocation } from './locate-engine.ts';
import { engineVersion, runEngine } from './run-engine.ts';

const described = new Map<string, Promise<string>>();

export function describeEngine(location: EngineLocation): Promise<string> {
  let description = described.get(location.path);
  if (!description) {
    description = readDescription(location).catch((error: unknown) => `${location.name} of unknown version (${(error as Error).message})`);
    described.set(location.path, description);
  }
  return description;
}

async function readDescription(location: EngineLocation): Promise<string> {
  if (location.name === 'helm') return `helm ${await engineVersion(location)} (${location.origin})`;
  const run = await runEngine(location, ['version', '--client', '-o', 'json'], { timeoutMs: 30_000 });
  if (run.code !== 0) throw new EngineError(`${location.path} version exited with ${run.code}`);
  const versions = JSON.parse(run.stdout) as { clientVersion?: { gitVersion?: string }; kustomizeVersion?: string };
  const kubectl = versions.clientVersion?.gitVersion ?? 'unknown';
  return `kustomize ${versions.kustomizeVersion ?? 'unknown'} (kubectl ${kubectl}, ${location.origin})`;
}
