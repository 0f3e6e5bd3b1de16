// The intermediate form's objects → the Terraform resources that express them: resource type,
// label (the object id without its kind suffix) and the file each one goes to.
import type { AppModel } from '../../../model/resolve.ts';
import type { TemplateObject } from '../../../model/template-object.ts';
import type { Value } from '../../../model/template.ts';
import { snakeCase } from './object-to-hcl.ts';
import { MANIFEST_RESOURCE, typedResource } from './resource-types.ts';

/** Terraform releases the module and its README use (`nullable`, `workspace select -or-create`). */
export const REQUIRED_TERRAFORM = '>= 1.5.0';

export interface PlannedResource {
  readonly template: TemplateObject;
  readonly resourceType: string;
  readonly label: string;
  readonly address: string;
  readonly file: string;
}

/** Which file an object's resource goes to: one per component, dependency, job; `app.tf` for the rest. */
export function resourceFile(template: TemplateObject): string {
  switch (template.ownerKind) {
    case 'component':
      return `component-${template.owner}.tf`;
    case 'dependency':
      return `dependency-${template.owner}.tf`;
    case 'job':
      return `job-${template.owner}.tf`;
    case 'cronjob':
      return `cronjob-${template.owner}.tf`;
    case 'app':
      return 'app.tf';
  }
}

/** Resource labels: the object id without its kind suffix (`backend-deployment` → `backend`), unique per type. */
export function planResources(model: AppModel): PlannedResource[] {
  const planned: PlannedResource[] = [];
  const taken = new Set<string>();
  for (const template of model.objects) {
    const body = template.body as Record<string, Value>;
    const resourceType = typedResource(template.kind, body.apiVersion)?.resourceType ?? MANIFEST_RESOURCE;
    const segments = template.id.split('-');
    const short = snakeCase(segments.length > 1 ? segments.slice(0, -1).join('-') : template.id);
    let label = /^[a-z_]/.test(short) ? short : `r_${short}`;
    if (taken.has(`${resourceType}.${label}`)) label = snakeCase(template.id);
    if (taken.has(`${resourceType}.${label}`)) throw new Error(`two objects would both be ${resourceType}.${label}`);
    taken.add(`${resourceType}.${label}`);
    planned.push({ template, resourceType, label, address: `${resourceType}.${label}`, file: resourceFile(template) });
  }
  return planned;
}
