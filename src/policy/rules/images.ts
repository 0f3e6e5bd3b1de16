// Image references: which build runs must be decided by the manifest, not by when a node pulled it.
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asString } from '../json-values.ts';

import { parseImageReference, type ImageReference } from '../../spec/image-reference.ts';

export { parseImageReference, type ImageReference };

/** Tags that conventionally move to newer builds: branch and channel names, bare major versions. */
const FLOATING_TAGS = new Set([
  'latest', 'stable', 'main', 'master', 'develop', 'development', 'dev', 'edge', 'nightly', 'staging', 'production',
  'prod', 'test', 'canary', 'beta', 'alpha', 'release', 'current', 'lts', 'mainline', 'rolling', 'snapshot', 'head', 'trunk',
]);

export function isFloatingTag(reference: ImageReference): boolean {
  if (reference.digest) return false;
  const tag = reference.tag?.toLowerCase();
  if (tag === undefined) return true;
  return FLOATING_TAGS.has(tag) || /^v?\d+$/.test(tag) || /-(latest|snapshot|nightly)$/.test(tag);
}

export const imageTagPinned = defineRule({
  id: 'image-tag-pinned',
  severity: 'error',
  summary: 'Images name a tag other than `latest`, or a digest.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      for (const container of template.containers) {
        const image = asString(container.container.image);
        const path = joinPath(container.path, 'image');
        if (!image) {
          report({
            object: template.workload,
            path,
            message: `container "${container.name}" has no image`,
            hint: 'set image to repository:tag (e.g. ghcr.io/acme/app:1.4.0)',
          });
          continue;
        }
        const reference = parseImageReference(image);
        if (reference.digest) continue;
        if (reference.tag !== undefined && reference.tag !== 'latest') continue;
        report({
          object: template.workload,
          path,
          message: `container "${container.name}" uses image "${image}" ${reference.tag ? 'tagged latest' : 'without a tag (which means latest)'}: every pull may run a different build and a rollback cannot go back`,
          hint: 'use a version tag (repository:1.4.0) or a digest (repository@sha256:...); in berth.yaml the tag defaults to the app version',
        });
      }
    }
  },
});

export const imagePullPolicy = defineRule({
  id: 'image-pull-policy',
  severity: 'warning',
  summary: 'Images with a moving tag are pulled Always; no image relies on `Never`.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      for (const container of template.containers) {
        const image = asString(container.container.image);
        if (!image) continue;
        const reference = parseImageReference(image);
        const declared = asString(container.container.imagePullPolicy);
        const floating = isFloatingTag(reference);
        // Kubernetes defaults to Always for `latest` or no tag, IfNotPresent otherwise.
        const effective = declared ?? (!reference.digest && (reference.tag ?? 'latest') === 'latest' ? 'Always' : 'IfNotPresent');
        const path = joinPath(container.path, 'imagePullPolicy');
        if (effective === 'Never') {
          report({
            object: template.workload,
            path,
            message: `container "${container.name}" has imagePullPolicy Never: the pod cannot start on a node that does not already have "${image}"`,
            hint: 'use IfNotPresent with a version tag or digest, or Always',
          });
        } else if (floating && effective !== 'Always') {
          report({
            object: template.workload,
            path,
            message: `container "${container.name}" uses the moving tag in "${image}" with imagePullPolicy ${effective}${declared ? '' : ' (the default)'}: nodes keep whichever build they pulled first, so replicas run different code`,
            hint: 'pin a version tag or digest, or set imagePullPolicy: Always; in berth.yaml: image: { repository, tag, pullPolicy: Always }',
          });
        }
      }
    }
  },
});
