// Compose names → berth names: DNS labels of at most 40 characters, unique, starting with a letter.

/** `front_end` → `front-end`, `NGINX` → `nginx`, `3d` → `x-3d`; empty → `app`. */
export function toDnsLabel(name: string, maxLength = 40): string {
  let label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (label === '') label = 'app';
  if (!/^[a-z]/.test(label)) label = `x-${label}`;
  if (label.length > maxLength) label = label.slice(0, maxLength).replace(/-+$/, '');
  return label;
}

/** Gives each name a unique label, suffixing `-2`, `-3`... on collisions, in the order given. */
export function assignLabels(names: readonly string[], taken: ReadonlySet<string> = new Set()): Map<string, string> {
  const used = new Set(taken);
  const labels = new Map<string, string>();
  for (const name of names) {
    const base = toDnsLabel(name);
    let label = base;
    for (let n = 2; used.has(label); n += 1) label = `${toDnsLabel(base, 40 - String(n).length - 1)}-${n}`;
    used.add(label);
    labels.set(name, label);
  }
  return labels;
}

/** `MY_VAR` stays; anything else is not a valid environment variable name. */
export function isEnvVarName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
