// Container image references (`registry:5000/team/app:1.2@sha256:…`) split into their parts; shared by
// the spec loader and both policy engines so every place reads a reference the same way.

export interface ImageReference {
  readonly repository: string;
  /** Undefined when the reference has no tag (`nginx`, `nginx@sha256:...`). */
  readonly tag?: string;
  readonly digest?: string;
}

export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  // A colon after the last slash separates the tag; one before it belongs to a registry port.
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > slash;
  const tag = hasTag ? rest.slice(colon + 1) : undefined;
  return {
    repository: hasTag ? rest.slice(0, colon) : rest,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}
