// A root module as hcl2json parsed it + a tfvars file (+ -var overrides) → the value of every
// variable (type-converted and validated), local, resource instance (count and for_each expanded,
// `dynamic` blocks expanded in order, attributes converted to the provider schema's types) and
// output — the way Terraform evaluates configuration at plan time, for the subset berth emits.
import { META_ARGUMENTS, providerSchema, resourceSchema, type BlockSchema } from '../provider-schema.ts';
import { evaluateNode, withNames, type Scope } from './evaluate-expression.ts';
import { parseExpression, parseTemplateString, type Node } from './parse-expression.ts';
import type { HclJson } from './parse-module.ts';
import { convert, describe, EvaluationError, isObjectValue, type TfValue, type TypeConstraint } from './values.ts';

/** A block body after evaluation: attributes hold values, blocks hold lists of bodies. */
export type Body = { [name: string]: TfValue };

export interface ResourceInstance {
  readonly type: string;
  readonly name: string;
  /** `type.name`, with `[index]` or `["key"]` for count and for_each instances. */
  readonly address: string;
  readonly body: Body;
  /** Addresses of the resources named in depends_on (without instance keys). */
  readonly dependsOn: readonly string[];
}

export interface ModuleEvaluation {
  readonly variables: Readonly<Record<string, TfValue>>;
  readonly resources: readonly ResourceInstance[];
  readonly outputs: Readonly<Record<string, TfValue>>;
  /** `terraform { required_providers { kubernetes = { version } } }`. */
  readonly providerVersion?: string;
  /** Evaluates one more value of the JSON form in the module's scope (variables, locals, resources). */
  evaluate(raw: unknown): TfValue;
}

interface Declarations {
  readonly variables: Map<string, Record<string, unknown>>;
  readonly locals: Map<string, unknown>;
  readonly resources: Map<string, { type: string; name: string; body: Record<string, unknown> }>;
  readonly outputs: Map<string, Record<string, unknown>>;
  providerVersion?: string;
}

function single(value: unknown, what: string): Record<string, unknown> {
  const list = Array.isArray(value) ? value : [value];
  if (list.length !== 1 || !isRecord(list[0])) throw new EvaluationError(`${what} must be declared exactly once`);
  return list[0];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Merges the top-level declarations of every file, refusing duplicates as Terraform does. */
export function collectDeclarations(files: ReadonlyMap<string, HclJson>): Declarations {
  const declarations: Declarations = { variables: new Map(), locals: new Map(), resources: new Map(), outputs: new Map() };
  for (const [file, json] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const [key, value] of Object.entries(json)) {
      switch (key) {
        case 'variable':
        case 'output': {
          const into = key === 'variable' ? declarations.variables : declarations.outputs;
          for (const [name, body] of Object.entries(value as Record<string, unknown>)) {
            if (into.has(name)) throw new EvaluationError(`${file}: duplicate ${key} "${name}"`);
            into.set(name, single(body, `${key} "${name}"`));
          }
          break;
        }
        case 'locals':
          for (const block of value as Record<string, unknown>[]) {
            for (const [name, expression] of Object.entries(block)) {
              if (declarations.locals.has(name)) throw new EvaluationError(`${file}: duplicate local value "${name}"`);
              declarations.locals.set(name, expression);
            }
          }
          break;
        case 'resource':
          for (const [type, byName] of Object.entries(value as Record<string, unknown>)) {
            for (const [name, body] of Object.entries(byName as Record<string, unknown>)) {
              const address = `${type}.${name}`;
              if (declarations.resources.has(address)) throw new EvaluationError(`${file}: duplicate resource ${address}`);
              declarations.resources.set(address, { type, name, body: single(body, `resource ${address}`) });
            }
          }
          break;
        case 'terraform':
          for (const block of value as Record<string, unknown>[]) {
            for (const providers of (block.required_providers as Record<string, unknown>[] | undefined) ?? []) {
              const kubernetes = providers.kubernetes as { version?: string } | undefined;
              if (kubernetes?.version) declarations.providerVersion = kubernetes.version;
            }
          }
          break;
        case 'provider':
        case 'data':
        case 'module':
          if (key !== 'provider') throw new EvaluationError(`${file}: berth's evaluation does not support ${key} blocks`);
          break;
        default:
          throw new EvaluationError(`${file}: unexpected top-level ${key}`);
      }
    }
  }
  return declarations;
}

/** A JSON-syntax value: strings are templates, arrays and objects hold more values. */
export function evaluateJson(raw: unknown, scope: Scope): TfValue {
  if (typeof raw === 'string') return evaluateNode(parseTemplateString(raw), scope);
  if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map((item) => evaluateJson(item, scope));
  if (isRecord(raw)) {
    const out: Record<string, TfValue> = {};
    for (const [key, value] of Object.entries(raw)) {
      const k = key.includes('${') ? String(evaluateNode(parseTemplateString(key), scope)) : key;
      out[k] = evaluateJson(value, scope);
    }
    return out;
  }
  throw new EvaluationError(`unexpected value ${String(raw)}`);
}

/** `string`, `number`, `list(string)`... from a variable's `type = ...`. */
function typeConstraint(raw: unknown, what: string): TypeConstraint {
  if (raw === undefined) return 'any';
  if (typeof raw !== 'string') throw new EvaluationError(`${what}: unreadable type`);
  const node: Node = parseExpression(raw.replace(/^\$\{([\s\S]*)\}$/, '$1'));
  if (node.t === 'root' && ['string', 'number', 'bool', 'any'].includes(node.name)) return node.name;
  if (node.t === 'call' && ['list', 'set', 'map'].includes(node.name) && node.args.length === 1 && node.args[0].t === 'root') {
    return [node.name, node.args[0].name];
  }
  throw new EvaluationError(`${what}: berth's evaluation supports primitive, list, set and map types only`);
}

export interface EvaluateOptions {
  /** The tfvars file of the environment, parsed. */
  readonly tfvars?: HclJson;
  /** `-var name=value` overrides, applied after the tfvars file. */
  readonly overrides?: Readonly<Record<string, TfValue>>;
}

export function evaluateModule(files: ReadonlyMap<string, HclJson>, options: EvaluateOptions = {}): ModuleEvaluation {
  const declarations = collectDeclarations(files);
  const constantScope: Scope = {
    variable: () => {
      throw new EvaluationError('variables cannot be used here');
    },
    local: () => {
      throw new EvaluationError('local values cannot be used here');
    },
    resource: () => {
      throw new EvaluationError('resources cannot be used here');
    },
  };

  const given = new Map<string, TfValue>();
  for (const [name, raw] of Object.entries(options.tfvars ?? {})) {
    if (!declarations.variables.has(name)) throw new EvaluationError(`the tfvars file sets ${name}, which no variable declares`);
    given.set(name, evaluateJson(raw, constantScope));
  }
  for (const [name, value] of Object.entries(options.overrides ?? {})) {
    if (!declarations.variables.has(name)) throw new EvaluationError(`-var ${name}: no variable declares it`);
    given.set(name, value);
  }

  const variables: Record<string, TfValue> = {};
  for (const [name, declaration] of declarations.variables) {
    const type = typeConstraint(declaration.type, `variable "${name}"`);
    const hasDefault = 'default' in declaration;
    if (!given.has(name) && !hasDefault) throw new EvaluationError(`variable "${name}" has no value and no default`);
    const value = convert(given.has(name) ? given.get(name)! : evaluateJson(declaration.default, constantScope), type, `variable "${name}"`);
    if (value === null && declaration.nullable === false) throw new EvaluationError(`variable "${name}" must not be null`);
    variables[name] = value;
  }
  const variableScope: Scope = { ...constantScope, variable: (name) => lookupVariable(variables, name) };
  for (const [name, declaration] of declarations.variables) {
    for (const validation of (declaration.validation as Record<string, unknown>[] | undefined) ?? []) {
      const ok = evaluateJson(validation.condition, variableScope);
      if (ok !== true) {
        if (ok !== false) throw new EvaluationError(`variable "${name}": its validation condition is ${describe(ok)}, not a bool`);
        throw new EvaluationError(`Invalid value for variable "${name}": ${String(evaluateJson(validation.error_message, variableScope))}`);
      }
    }
  }

  const localValues = new Map<string, TfValue>();
  const localsInProgress = new Set<string>();
  const resourceValues = new Map<string, TfValue>();
  const resourcesInProgress = new Set<string>();
  const instances = new Map<string, ResourceInstance[]>();

  const scope: Scope = {
    variable: (name) => lookupVariable(variables, name),
    local(name) {
      if (localValues.has(name)) return localValues.get(name)!;
      if (!declarations.locals.has(name)) throw new EvaluationError(`no local value named "${name}"`);
      if (localsInProgress.has(name)) throw new EvaluationError(`local.${name} refers to itself`);
      localsInProgress.add(name);
      const value = evaluateJson(declarations.locals.get(name), scope);
      localsInProgress.delete(name);
      localValues.set(name, value);
      return value;
    },
    resource(type, name) {
      const address = `${type}.${name}`;
      if (resourceValues.has(address)) return resourceValues.get(address)!;
      const declaration = declarations.resources.get(address);
      if (!declaration) throw new EvaluationError(`reference to undeclared resource ${address}`);
      if (resourcesInProgress.has(address)) throw new EvaluationError(`${address} refers to itself`);
      resourcesInProgress.add(address);
      const evaluated = evaluateResource(declaration.type, declaration.name, declaration.body, scope, declarations);
      resourcesInProgress.delete(address);
      instances.set(address, evaluated.instances);
      resourceValues.set(address, evaluated.value);
      return evaluated.value;
    },
  };

  for (const { type, name } of declarations.resources.values()) scope.resource(type, name);
  const outputs: Record<string, TfValue> = {};
  for (const [name, declaration] of declarations.outputs) outputs[name] = evaluateJson(declaration.value, scope);

  return {
    variables,
    resources: [...declarations.resources.keys()].flatMap((address) => instances.get(address) ?? []),
    outputs,
    providerVersion: declarations.providerVersion,
    evaluate: (raw) => evaluateJson(raw, scope),
  };
}

function lookupVariable(variables: Record<string, TfValue>, name: string): TfValue {
  if (!(name in variables)) throw new EvaluationError(`reference to undeclared input variable "${name}"`);
  return variables[name];
}

function evaluateResource(
  type: string,
  name: string,
  body: Record<string, unknown>,
  scope: Scope,
  declarations: Declarations,
): { instances: ResourceInstance[]; value: TfValue } {
  const address = `${type}.${name}`;
  if (!providerSchema().resourceTypes.includes(type)) throw new EvaluationError(`${address}: the kubernetes provider ${providerSchema().version} has no resource type ${type}`);
  const schema = resourceSchema(type);
  const dependsOn = ((body.depends_on as unknown[] | undefined) ?? []).map((raw) => {
    const match = typeof raw === 'string' ? /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\}$/.exec(raw) : null;
    if (!match) throw new EvaluationError(`${address}: depends_on must list resource references`);
    if (!declarations.resources.has(match[1])) throw new EvaluationError(`${address}: depends_on names undeclared ${match[1]}`);
    return match[1];
  });
  if ('count' in body && 'for_each' in body) throw new EvaluationError(`${address}: count and for_each cannot both be set`);
  if ('count' in body) {
    const count = evaluateJson(body.count, scope);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new EvaluationError(`${address}: count must be a whole number >= 0, got ${describe(count)}`);
    const list: ResourceInstance[] = [];
    for (let index = 0; index < count; index++) {
      const instanceScope: Scope = { ...scope, count: { index } };
      list.push({ type, name, address: `${address}[${index}]`, body: evaluateBody(body, schema, instanceScope, address, true), dependsOn });
    }
    return { instances: list, value: list.map((i) => i.body) };
  }
  if ('for_each' in body) {
    const collection = evaluateJson(body.for_each, scope);
    const entries: [string, TfValue][] = Array.isArray(collection)
      ? collection.map((v) => {
          if (typeof v !== 'string') throw new EvaluationError(`${address}: for_each over a set needs strings`);
          return [v, v] as [string, TfValue];
        })
      : isObjectValue(collection)
        ? Object.entries(collection)
        : (() => {
            throw new EvaluationError(`${address}: for_each needs a map or a set of strings`);
          })();
    const list = entries.map(([key, value]) => ({
      type,
      name,
      address: `${address}[${JSON.stringify(key)}]`,
      body: evaluateBody(body, schema, { ...scope, each: { key, value } }, address, true),
      dependsOn,
    }));
    return { instances: list, value: Object.fromEntries(list.map((i, n) => [entries[n][0], i.body])) };
  }
  const instance = { type, name, address, body: evaluateBody(body, schema, scope, address, true), dependsOn };
  return { instances: [instance], value: instance.body };
}

/** One block body: attributes evaluated and converted to their schema type; blocks (and dynamic blocks) expanded in order. */
export function evaluateBody(raw: Record<string, unknown>, schema: BlockSchema, scope: Scope, path: string, resourceRoot = false): Body {
  const body: Body = {};
  const dynamic = isRecord(raw.dynamic) ? raw.dynamic : {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'dynamic') continue;
    if (resourceRoot && (META_ARGUMENTS as readonly string[]).includes(key)) continue;
    const where = `${path}.${key}`;
    const nested = schema.blocks[key];
    if (nested) {
      if (key in dynamic) {
        // The JSON form keeps no order between static and dynamic blocks of one type.
        throw new EvaluationError(`${where}: static and dynamic "${key}" blocks side by side have no defined order in the parsed form`);
      }
      if (!Array.isArray(value)) throw new EvaluationError(`${where}: ${key} is a block, not an argument`);
      body[key] = value.map((item, i) => evaluateBody(item as Record<string, unknown>, nested.block, scope, `${where}[${i}]`));
      continue;
    }
    const attribute = schema.attributes[key];
    if (!attribute) throw new EvaluationError(`${where}: Unsupported argument; the provider schema has no "${key}" here`);
    const evaluated = convert(evaluateJson(value, scope), attribute.type as TypeConstraint, where);
    if (evaluated !== null) body[key] = evaluated;
  }
  for (const [blockType, definitions] of Object.entries(dynamic)) {
    const nested = schema.blocks[blockType];
    if (!nested) throw new EvaluationError(`${path}: Unsupported block type "${blockType}" in a dynamic block`);
    const expanded: Body[] = [];
    for (const definition of definitions as Record<string, unknown>[]) {
      const iterator = typeof definition.iterator === 'string' ? definition.iterator : blockType;
      const collection = evaluateJson(definition.for_each, scope);
      const pairs: [TfValue, TfValue][] = Array.isArray(collection)
        ? collection.map((v, i) => [i, v])
        : isObjectValue(collection)
          ? Object.entries(collection)
          : (() => {
              throw new EvaluationError(`${path}: dynamic "${blockType}" for_each needs a list, set or map, got ${describe(collection)}`);
            })();
      const content = single(definition.content, `${path}: dynamic "${blockType}" content`);
      for (const [key, value] of pairs) {
        expanded.push(evaluateBody(content, nested.block, withNames(scope, { [iterator]: { key, value } }), `${path}.${blockType}[${expanded.length}]`));
      }
    }
    body[blockType] = expanded;
  }
  for (const [key, nested] of Object.entries(schema.blocks)) {
    const count = (body[key] as Body[] | undefined)?.length ?? 0;
    if (nested.nesting === 'single' && count > 1) throw new EvaluationError(`${path}: Too many ${key} blocks; no more than one is allowed`);
    if (!nested.optional && count === 0) throw new EvaluationError(`${path}: Insufficient ${key} blocks; at least one is required`);
    if (count === 0) delete body[key];
  }
  for (const [key, attribute] of Object.entries(schema.attributes)) {
    if (!attribute.optional && !(key in body) && key !== 'id') throw new EvaluationError(`${path}: Missing required argument "${key}"`);
  }
  return body;
}
