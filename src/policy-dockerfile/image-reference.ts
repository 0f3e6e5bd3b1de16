// Image references in FROM and COPY --from: which ones name a build that cannot move under you.

import { parseImageReference, type ImageReference } from '../spec/image-reference.ts';

export { parseImageReference, type ImageReference };

export type Pinning = 'digest' | 'exact' | 'floating' | 'missing' | 'latest';

/**
 * `exact`: the tag names one release (`1.23.4-alpine3.21`, `bookworm-20241223-slim`), or the
 * repository name carries the release and the tag is a variant (`distroless/static-debian12:nonroot`).
 * `floating`: a tag that moves to newer builds (`20-alpine`, `3.12-slim`, `bookworm`).
 */
export function classifyPinning(reference: ImageReference): Pinning {
  if (reference.digest) return 'digest';
  const tag = reference.tag;
  if (tag === undefined || tag === '') return 'missing';
  if (tag.toLowerCase() === 'latest') return 'latest';
  if (/(^|[^\d.])v?\d+\.\d+\.\d+/.test(tag) || /(^|\D)\d{8}(\D|$)/.test(tag)) return 'exact';
  if (/[a-z]\d+(\.\d+)?$/.test(readLastSegment(reference.repository)) && !/^(latest|debug)$/.test(tag)) return 'exact';
  return 'floating';
}

function readLastSegment(repository: string): string {
  return repository.slice(repository.lastIndexOf('/') + 1);
}

/** Images whose default user is not root, so a stage without USER still runs unprivileged. */
export function findDefaultNonRootUser(reference: ImageReference): string | undefined {
  const repository = reference.repository;
  const tag = reference.tag ?? '';
  if (/(^|\/)distroless\//.test(repository) && /(^|-)nonroot($|-)/.test(tag)) return '65532';
  if (repository.startsWith('cgr.dev/chainguard/')) return '65532';
  if (/(^|\/)nginx-unprivileged$/.test(repository)) return '101';
  return undefined;
}
