// The regular expressions of CRD schemas (the prometheus-operator, Argo Rollouts, Istio... models)
// are written for RE2, which the models load as a WebAssembly engine: a quarter of a second before
// berth can validate anything. JavaScript's RegExp reads nearly all of them the same way, so each
// pattern is compiled as a RegExp, and RE2 is loaded only for one that RegExp cannot compile (RE2's
// inline flags such as `(?i)`). The build puts this module in place of the models' RE2 import.
import { createRequire } from 'node:module';

interface Engine {
  test(text: string): boolean;
}

type Re2Constructor = new (pattern: string, flags: string) => Engine;

let re2: Re2Constructor | undefined;

function loadRe2(): Re2Constructor {
  re2 ??= (createRequire(import.meta.url)('re2-wasm') as { RE2: Re2Constructor }).RE2;
  return re2;
}

/** Constructed for every pattern of a schema when its module loads, so it must cost next to nothing. */
export default class CrdPattern implements Engine {
  readonly #pattern: string;
  readonly #flags: string;
  #engine: Engine | undefined;

  constructor(pattern: string, flags = '') {
    this.#pattern = pattern;
    this.#flags = flags;
    try {
      this.#engine = new RegExp(pattern, flags);
    } catch {
      this.#engine = undefined;
    }
  }

  /** Which engine answers: `regexp`, or `re2` for a pattern only RE2 understands. */
  get engine(): 'regexp' | 're2' {
    return this.#engine instanceof RegExp ? 'regexp' : 're2';
  }

  test(text: string): boolean {
    this.#engine ??= new (loadRe2())(this.#pattern, this.#flags);
    return this.#engine.test(text);
  }
}
