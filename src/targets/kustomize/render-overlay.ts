// `berth verify` for Kustomize: builds one overlay on disk with the real kustomize (`kubectl
// kustomize`) and returns its objects, or says that kubectl is missing or what kustomize reported.
import { join } from 'node:path';
import { describeEngine, locateEngine, runEngine } from '../../engines/index.ts';
import { parseObjects } from '../kubernetes/read-manifests.ts';
import type { RenderContext, RenderResult } from '../target.ts';

/** `overlays/<environment>`; without an environment, `overlays/default` (written when the spec has none). */
export async function renderOverlay(environment: string | undefined, context: RenderContext): Promise<RenderResult> {
  const kubectl = await locateEngine('kubectl', { env: context.env });
  if (!kubectl.found) return { ok: false, missing: kubectl.message };
  const overlay = join(context.directory, 'overlays', environment ?? 'default');
  let run;
  try {
    run = await runEngine(kubectl, ['kustomize', overlay], { env: { ...context.env } });
  } catch (error) {
    return { ok: false, failure: (error as Error).message };
  }
  if (run.code !== 0) return { ok: false, failure: `kubectl kustomize ${overlay} failed: ${run.stderr.trim()}` };
  try {
    return { ok: true, objects: parseObjects(run.stdout), engine: await describeEngine(kubectl) };
  } catch (error) {
    return { ok: false, failure: `kubectl kustomize ${overlay} printed YAML that does not parse: ${(error as Error).message}` };
  }
}
