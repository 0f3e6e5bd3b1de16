// AppModel → the files of deploy/helm/<app>/: Chart.yaml, values files and schema, one template per
// object (compiled from the intermediate form), _helpers.tpl, NOTES.txt, the test pod and README.md.
import type { AppModel } from '../../model/resolve.ts';
import type { TemplateObject } from '../../model/template-object.ts';
import type { Value } from '../../model/template.ts';
import type { GeneratedFile } from '../target.ts';
import { formatChartYaml, HELMIGNORE } from './chart-metadata.ts';
import { compileObjectTemplate, type TemplateContext } from './compile-template.ts';
import { formatHelpersTemplate, describeLabelHelpers } from './helpers-template.ts';
import { collectHookAnnotations, type HookAnnotations } from './hooks.ts';
import { formatNotesTemplate } from './notes.ts';
import { formatChartReadme } from './readme.ts';
import { buildTestConnectionPod, buildTestNetworkPolicy } from './test-connection.ts';
import { formatEnvironmentValues, formatValuesYaml } from './values-files.ts';
import { formatValuesSchema } from './values-schema.ts';

export function createTemplateContext(model: AppModel): TemplateContext {
  const spec = model.spec.base;
  return { chart: spec.name, registry: model.registry, labels: describeLabelHelpers(spec.name, spec.name, spec.version) };
}

/** The body with hook annotations merged into its metadata. */
function withAnnotations(body: Value, annotations: HookAnnotations | undefined): Value {
  if (!annotations) return body;
  const object = body as { readonly [key: string]: Value };
  const metadata = object.metadata as { readonly [key: string]: Value };
  const existing = (metadata.annotations ?? {}) as { readonly [key: string]: Value };
  return { ...object, metadata: { ...metadata, annotations: { ...existing, ...annotations } } };
}

export function compileTemplateFile(object: TemplateObject, annotations: HookAnnotations | undefined, context: TemplateContext): string {
  return compileObjectTemplate(withAnnotations(object.body, annotations), object.condition, context);
}

export function emitHelmChart(model: AppModel): GeneratedFile[] {
  const spec = model.spec.base;
  const app = spec.name;
  const context = createTemplateContext(model);
  const hooks = collectHookAnnotations(model);
  const files: GeneratedFile[] = [
    { path: 'Chart.yaml', content: formatChartYaml(spec) },
    { path: '.helmignore', content: HELMIGNORE },
    { path: 'values.yaml', content: formatValuesYaml(app, model.registry) },
    ...model.registry.environments.map((env) => ({ path: `values-${env}.yaml`, content: formatEnvironmentValues(app, model.registry, env) })),
    { path: 'values.schema.json', content: formatValuesSchema(app, model.registry) },
    { path: 'templates/_helpers.tpl', content: formatHelpersTemplate(app) },
    { path: 'templates/NOTES.txt', content: formatNotesTemplate(spec) },
    ...model.objects.map((object) => ({ path: `templates/${object.id}.yaml`, content: compileTemplateFile(object, hooks.get(object.id), context) })),
    { path: 'README.md', content: formatChartReadme(model) },
  ];
  const testPod = buildTestConnectionPod(spec);
  if (testPod) files.push({ path: 'templates/tests/test-connection.yaml', content: compileObjectTemplate(testPod, undefined, context) });
  const testPolicy = buildTestNetworkPolicy(spec);
  if (testPolicy) files.push({ path: 'templates/tests/test-connection-networkpolicy.yaml', content: compileObjectTemplate(testPolicy, undefined, context) });
  return files.map((file) => ({ path: `${app}/${file.path}`, content: file.content })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
