// The Terraform target: AppModel → deploy/terraform/ (a root module with typed provider resources),
// and, for `berth verify`, the objects berth's own evaluation of that HCL says the provider would send.
import { access } from 'node:fs/promises';
import type { RenderResult, Target } from '../target.ts';
import { emitTerraformModule } from './emit/emit-module.ts';
import { MissingParserError } from './evaluate/parse-module.ts';
import { ENGINE, readModuleDirectory, renderTerraformFiles } from './evaluate/render-module.ts';
import { providerSchema } from './provider-schema.ts';

export const terraformTarget: Target = {
  name: 'terraform',
  description: 'a Terraform root module with the typed Kubernetes provider resources and a tfvars file per environment',
  emit: emitTerraformModule,
  omittedFields: [
    {
      kind: 'Job',
      path: 'spec.ttlSecondsAfterFinished',
      reason: 'Terraform owns the Job: a TTL would delete it and the next apply would create it again, re-running the migration',
    },
  ],
  async render(_model, environment, context): Promise<RenderResult> {
    const name = environment ?? 'default';
    try {
      await access(context.directory);
    } catch {
      return { ok: false, failure: `${context.directory} does not exist; run berth generate --target terraform` };
    }
    try {
      const files = await readModuleDirectory(context.directory);
      const { objects } = await renderTerraformFiles(files, name);
      return { ok: true, objects, engine: `${ENGINE}; kubernetes provider ${providerSchema().version} schema and mapping` };
    } catch (error) {
      if (error instanceof MissingParserError) return { ok: false, missing: error.message };
      return { ok: false, failure: `${ENGINE} failed: ${(error as Error).message}` };
    }
  },
};
