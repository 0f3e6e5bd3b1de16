// `berth verify` for the chart on disk: helm template with the release named like the app, the
// environment's values file and namespace, parsed back into objects.
import { join } from 'node:path';
import { describeEngine, locateEngine, runEngine, type EngineLocation } from '../../engines/index.ts';
import type { AppModel } from '../../model/resolve.ts';
import { parseObjects } from '../kubernetes/read-manifests.ts';
import type { RenderContext, RenderResult } from '../target.ts';

/** The arguments of `helm template` for one environment (undefined: the base values only). */
export function templateArguments(model: AppModel, chartDirectory: string, environment: string | undefined): string[] {
  const app = model.spec.base.name;
  const namespace = String(model.registry.valuesFor(environment).get('namespace'));
  const files = environment === undefined ? [] : ['-f', join(chartDirectory, `values-${environment}.yaml`)];
  return ['template', app, chartDirectory, ...files, '--namespace', namespace];
}

export async function renderWithHelm(
  helm: EngineLocation,
  model: AppModel,
  chartDirectory: string,
  environment: string | undefined,
  extra: readonly string[] = [],
  /** Values read with `-f -` in `extra`. */
  input?: string,
): Promise<RenderResult> {
  const args = [...templateArguments(model, chartDirectory, environment), ...extra];
  const run = await runEngine(helm, args, { input });
  if (run.code !== 0) return { ok: false, failure: `helm ${args.join(' ')} failed:\n${run.stderr.trim()}` };
  try {
    return { ok: true, objects: parseObjects(run.stdout), engine: await describeEngine(helm) };
  } catch (error) {
    return { ok: false, failure: `helm ${args.join(' ')} printed YAML that does not parse: ${(error as Error).message}` };
  }
}

export async function renderChart(model: AppModel, environment: string | undefined, context: RenderContext): Promise<RenderResult> {
  const helm = await locateEngine('helm', { env: context.env });
  if (!helm.found) return { ok: false, missing: helm.message };
  return renderWithHelm(helm, model, join(context.directory, model.spec.base.name), environment);
}
