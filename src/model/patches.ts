// The escape hatch: `patches:` (JSON merge patches and RFC 6902 operations) applied to the template
// objects, before any target sees them, so every format carries the change and verify proves it.
// A patch that selects nothing, or walks into a value berth computes per environment, is an error.
import type { Diagnostic } from '../diagnostics.ts';
import type { AppSpec, JsonPatchOperation, ObjectPatch } from '../spec/app-spec.ts';
import type { TemplateObject } from './template-object.ts';
import { isExpr, type Value } from './template.ts';

class PatchError extends Error {}

type MutableValue = Value | Record<string, Value> | Value[];

export function applyPatches(spec: AppSpec, objects: readonly TemplateObject[], patches: readonly ObjectPatch[] = spec.patches): { objects: TemplateObject[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let patched = [...objects];
  for (const patch of patches) {
    const position = spec.positions.get(patch.path);
    const where = patch.path.replace(/\.(\d+)$/, '[$1]');
    const selected = patched.filter((o) => o.kind === patch.kind && (patch.name === undefined || o.owner === patch.name));
    if (selected.length === 0) {
      const kinds = [...new Set(patched.filter((o) => patch.name === undefined || o.owner === patch.name).map((o) => o.kind))].sort();
      diagnostics.push({
        code: 'patch-targets-nothing',
        severity: 'error',
        message: `${where} targets ${patch.kind}${patch.name ? ` of ${patch.name}` : ''}, which berth does not write`,
        position,
        path: `${patch.path}.target`,
        hint: kinds.length > 0 ? `Kinds berth writes${patch.name ? ` for ${patch.name}` : ''}: ${kinds.join(', ')}.` : 'Name a component, dependency or job of the spec.',
      });
      continue;
    }
    try {
      patched = patched.map((o) => (selected.includes(o) ? patchObject(o, patch, position) : o));
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      diagnostics.push({ code: 'patch-invalid', severity: 'error', message: `${where}: ${error.message}`, position, path: patch.path, hint: 'Patch fields berth writes as plain values, or add fields it does not write; `berth render` shows the objects.' });
    }
  }
  return { objects: patched, diagnostics };
}

function patchObject(object: TemplateObject, patch: ObjectPatch, position: TemplateObject['sources'][string] | undefined): TemplateObject {
  let body = structuredCloneValue(object.body);
  const sources = { ...object.sources };
  if (patch.merge) {
    body = mergePatch(body, patch.merge as Value, '');
    for (const path of leafPaths(patch.merge as Value, '')) if (position) sources[path] = position;
  }
  for (const op of patch.ops) {
    body = applyOperation(body, op);
    if (position) sources[pointerToPath(op.path)] = position;
  }
  for (const field of ['apiVersion', 'kind'] as const) {
    if ((body as Record<string, Value>)[field] !== (object.body as Record<string, Value>)[field]) throw new PatchError(`a patch cannot change ${field}`);
  }
  const metadata = (body as Record<string, Value>).metadata as Record<string, Value> | undefined;
  const before = (object.body as Record<string, Value>).metadata as Record<string, Value>;
  if (!metadata || metadata.name !== before.name || metadata.namespace !== before.namespace) throw new PatchError('a patch cannot change metadata.name or metadata.namespace (rename the component instead)');
  return { ...object, body, sources };
}

/** Expressions are frozen and shared; everything else is copied so a patch never changes another object. */
function structuredCloneValue(value: Value): Value {
  if (isExpr(value) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(structuredCloneValue);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structuredCloneValue(v)]));
}

function isPlainObject(value: unknown): value is Record<string, Value> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isExpr(value);
}

function mergePatch(target: Value, patch: Value, path: string): Value {
  if (!isPlainObject(patch)) return patch;
  if (isExpr(target)) throw new PatchError(`${path || 'the object'} is computed by berth (it depends on parameters); replace it whole with an op, or patch inside a field berth does not compute`);
  const result: Record<string, Value> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    const child = path ? `${path}.${key}` : key;
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key] ?? null, value, child);
  }
  return result;
}

function leafPaths(value: Value, path: string): string[] {
  if (!isPlainObject(value)) return [path];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, path ? `${path}.${key}` : key));
}

/** `/spec/template/spec/containers/0` → `spec.template.spec.containers[0]` (berth's field paths). */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map(unescapePointer)
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : segment === '-' ? path : path ? `${path}.${segment}` : segment), '');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function applyOperation(body: Value, operation: JsonPatchOperation): Value {
  const segments = operation.path.split('/').slice(1).map(unescapePointer);
  if (operation.op !== 'remove' && operation.value === undefined) throw new PatchError(`${operation.op} ${operation.path} needs a value`);
  const root = body as MutableValue;
  let parent = root;
  for (let i = 0; i < segments.length - 1; i++) parent = step(parent, segments[i], operation.path);
  const last = segments[segments.length - 1];
  if (isExpr(parent)) throw new PatchError(`${operation.path}: the field is computed by berth (it depends on parameters)`);
  if (Array.isArray(parent)) {
    if (parent.some(isExpr)) throw new PatchError(`${operation.path}: that list has items berth includes per environment, so positions in it are not fixed`);
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length || (operation.op !== 'add' && index >= parent.length)) {
      throw new PatchError(`${operation.path}: no list position ${last} (the list has ${parent.length} items)`);
    }
    if (operation.op === 'add') parent.splice(index, 0, operation.value as Value);
    else if (operation.op === 'replace') parent[index] = operation.value as Value;
    else parent.splice(index, 1);
    return root as Value;
  }
  if (!isPlainObject(parent)) throw new PatchError(`${operation.path}: the parent is not a mapping or a list`);
  const mapping = parent as Record<string, Value>;
  if (operation.op !== 'add' && !(last in mapping)) throw new PatchError(`${operation.path}: there is no such field to ${operation.op}`);
  if (operation.op === 'remove') delete mapping[last];
  else mapping[last] = operation.value as Value;
  return root as Value;
}

function step(current: MutableValue, segment: string, pointer: string): MutableValue {
  if (isExpr(current)) throw new PatchError(`${pointer}: passes through a field berth computes (it depends on parameters)`);
  if (Array.isArray(current)) {
    if (current.some(isExpr)) throw new PatchError(`${pointer}: passes through a list with items berth includes per environment`);
    const item = current[Number(segment)];
    if (item === undefined) throw new PatchError(`${pointer}: no list position ${segment}`);
    return item as MutableValue;
  }
  if (!isPlainObject(current) || !(segment in current)) throw new PatchError(`${pointer}: no field ${segment} (add the parent first, or use merge)`);
  return current[segment] as MutableValue;
}
