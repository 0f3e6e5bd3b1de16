// applyImages finds a container's `images:` entries through an index; it must do exactly what
// kustomize's transformers do run one by one over every container (the plain loop below).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { applyImages, splitImage, type ImageOverride } from './transformers.ts';

function applyOneByOne(objects: readonly KubernetesObject[], overrides: readonly ImageOverride[]): KubernetesObject[] {
  return objects.map((o) => {
    const copy = structuredClone(o);
    const containers = (copy.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers;
    for (const override of overrides) {
      for (const container of containers) {
        let matches: boolean;
        try {
          matches = new RegExp(`^${override.name}(@sha256)?(:[a-zA-Z0-9_.{}-]*)?$`).test(container.image);
        } catch {
          matches = true;
        }
        if (!matches) continue;
        const { name, tag, digest } = splitImage(container.image);
        const newTag = override.newTag ?? tag;
        container.image = `${override.newName ?? name}${newTag !== undefined ? `:${newTag}` : digest !== undefined ? `@${digest}` : ''}`;
      }
    }
    return copy;
  });
}

const images = ['ghcr.io/acme/api', 'ghcr.io/acme/api:1.0', 'ghcrXio/acme/api:2', 'ghcr.io/acme/api@sha256:abc', 'ghcr.io/acme/api-v2:1', 'redis', 'redis:7', 'docker.io/library/redis:7.2', 'localhost:5000/app:dev', 'ghcr.io/acme/web'];
const names = ['ghcr.io/acme/api', 'redis', 'ghcr.io/acme/.*', 'ghcr.io/acme/api-v2', 'localhost:5000/app', '(unbalanced', 'docker.io/library/redis', 'ghcr.io/acme/web', 'ghcr.io/acme/ap.'];

test('applyImages: the same images as running every entry over every container in order', () => {
  const objects: KubernetesObject[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } },
    } as unknown as KubernetesObject,
  ];
  // Every pair and triple of entries, with renames that make later entries match or stop matching.
  const entries: ImageOverride[] = names.flatMap((name, i) => [
    { name, newTag: `t${i}` },
    { name, newName: names[(i + 1) % names.length].replace(/[.*()]/g, '') },
  ]);
  for (let a = 0; a < entries.length; a++) {
    for (let b = 0; b < entries.length; b++) {
      for (const overrides of [[entries[a], entries[b]], [entries[a], entries[b], entries[(a + b) % entries.length]]]) {
        assert.deepEqual(applyImages(objects, overrides), applyOneByOne(objects, overrides), JSON.stringify(overrides));
      }
    }
  }
});
