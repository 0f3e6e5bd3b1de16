// .tf and .tfvars text → the JSON form of HashiCorp's HCL parser (@cdktf/hcl2json, a WebAssembly
// build of hashicorp/hcl). Loaded on demand: when it is not installed, the caller says so. Required
// (it is CommonJS), as a script has no `import()` of its own: bin/berth.cjs runs the bundle as one.
import { createRequire } from 'node:module';

export type HclJson = { [key: string]: unknown };

type Parse = (filename: string, contents: string) => Promise<HclJson>;

export class MissingParserError extends Error {}

let parser: Parse | undefined;

async function loadParser(): Promise<Parse> {
  if (!parser) {
    try {
      const module = createRequire(import.meta.url)('@cdktf/hcl2json') as { parse: Parse };
      parser = module.parse;
    } catch {
      throw new MissingParserError('@cdktf/hcl2json (HashiCorp\'s HCL parser for Node) is not installed; install it with `npm install --save-dev @cdktf/hcl2json@0.21.0`');
    }
  }
  return parser;
}

/** Parses one file; a syntax error names file:line:column (the parser's own message). */
export async function parseHcl(filename: string, contents: string): Promise<HclJson> {
  const parse = await loadParser();
  return parse(filename, contents);
}

/** One parse at a time: the WebAssembly parser keeps global state. */
let queue: Promise<unknown> = Promise.resolve();

export async function parseHclQueued(filename: string, contents: string): Promise<HclJson> {
  // verify renders every environment from the same files: parse each file once, hand out copies.
  const key = `${filename}\u0000${contents}`;
  let parsed = parsedFiles.get(key);
  if (!parsed) {
    parsed = queue.then(() => parseHcl(filename, contents));
    queue = parsed.catch(() => undefined);
    parsedFiles.set(key, parsed);
    // A bounded memory: the oldest parse goes first (a run of berth reads one module).
    if (parsedFiles.size > 256) parsedFiles.delete(parsedFiles.keys().next().value!);
    parsed.catch(() => parsedFiles.delete(key));
  }
  return structuredClone(await parsed);
}

const parsedFiles = new Map<string, Promise<HclJson>>();
