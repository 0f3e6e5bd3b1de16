// Plain manifests: deploy/kubernetes/<env>/<object>.yaml, one file per object, ready for kubectl apply.
import { resolveEnvironment, type AppModel } from '../../model/resolve.ts';
import { yamlFile } from '../../io/yaml-additions.ts';
import { objectToYamlText } from '../../model/serialize.ts';
import { targetEnvironments, type GeneratedFile, type RenderResult, type Target } from '../target.ts';
import { readManifestDirectory } from './read-manifests.ts';
import { manifestsReadme } from './readme.ts';

export function emitManifests(model: AppModel): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const { name, environment } of targetEnvironments(model)) {
    for (const { object, template } of resolveEnvironment(model, environment)) {
      const { text, readsBackAs } = objectToYamlText(object);
      files.push(yamlFile(`${name}/${template.id}.yaml`, text, readsBackAs));
    }
  }
  files.push({ path: 'README.md', content: manifestsReadme(model) });
  return files;
}

export const kubernetesTarget: Target = {
  name: 'kubernetes',
  description: 'plain manifests per environment for kubectl apply',
  emit: emitManifests,
  async render(_model, environment, context): Promise<RenderResult> {
    const name = environment ?? 'default';
    return { ok: true, objects: await readManifestDirectory(`${context.directory}/${name}`), engine: 'files on disk' };
  },
};
