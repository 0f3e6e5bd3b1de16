// `berth verify` for Argo CD: renders each environment's Application the way Argo CD does —
// `helm template` of the chart at its source path, with its release name, value files and
// destination namespace — so the comparison proves the Application points at what berth proved.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describeEngine, locateEngine, runEngine } from '../../engines/index.ts';
import type { AppModel } from '../../model/resolve.ts';
import { parseObjects } from '../kubernetes/read-manifests.ts';
import type { RenderContext, RenderResult } from '../target.ts';

interface ApplicationSource {
  readonly path: string;
  readonly helm: { readonly releaseName: string; readonly valueFiles: readonly string[] };
}

/** The repository root: the nearest ancestor of the argocd directory that holds the source path. */
function findChart(directory: string, path: string): string | undefined {
  for (let root = directory; ; root = dirname(root)) {
    if (existsSync(join(root, path, 'Chart.yaml'))) return join(root, path);
    if (dirname(root) === root) return undefined;
  }
}

export async function renderApplication(model: AppModel, environment: string | undefined, context: RenderContext): Promise<RenderResult> {
  const app = model.spec.base.name;
  if (environment === undefined) return { ok: false, missing: 'Argo CD deploys declared environments only; the spec declares none' };
  const file = join(context.directory, `${app}-${environment}.yaml`);
  let object: { kind: string; spec: { template?: { spec: unknown } } & Record<string, unknown> };
  try {
    object = parse(await readFile(file, 'utf8'));
  } catch (error) {
    return { ok: false, failure: `cannot read ${file}: ${(error as Error).message}` };
  }
  // Every cluster of an ApplicationSet gets the same source and namespace.
  const spec = (object.kind === 'ApplicationSet' ? object.spec.template!.spec : object.spec) as { source: ApplicationSource; destination: { namespace: string } };
  const chart = findChart(context.directory, spec.source.path);
  if (!chart) return { ok: false, failure: `${file}: no chart at ${spec.source.path} in the repository (regenerate with --target helm,argocd)` };
  const helm = await locateEngine('helm', { env: context.env });
  if (!helm.found) return { ok: false, missing: helm.message };
  const args = [
    'template',
    spec.source.helm.releaseName,
    chart,
    ...spec.source.helm.valueFiles.flatMap((values) => ['--values', join(chart, values)]),
    '--namespace',
    spec.destination.namespace,
  ];
  const run = await runEngine(helm, args);
  if (run.code !== 0) return { ok: false, failure: `helm ${args.join(' ')} failed:\n${run.stderr.trim()}` };
  return { ok: true, objects: parseObjects(run.stdout), engine: `${await describeEngine(helm)} with the Application's own source` };
}
