// ENV values are stored in the image config and ARG values in its history: both are readable by
// anyone who can pull the image.
import { readKeyValues } from '../effective-user.ts';
import type { DockerfileFinding, DockerfileRule } from '../dockerfile-rule.ts';

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'passphrase']);
const SECRET_PAIRS: readonly [string, string][] = [
  ['api', 'key'],
  ['private', 'key'],
  ['access', 'key'],
  ['secret', 'key'],
  ['signing', 'key'],
  ['encryption', 'key'],
  ['client', 'secret'],
];
/** Names that point at a secret instead of holding it. */
const HARMLESS_WORDS = new Set(['file', 'path', 'dir', 'name', 'url', 'endpoint', 'public', 'type', 'length', 'ttl', 'header', 'id', 'expiry', 'expires']);
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i;

export function looksLikeSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || words.some((w) => HARMLESS_WORDS.has(w))) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return SECRET_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b));
}

export const secretInBuild: DockerfileRule = {
  id: 'dockerfile-secret-in-build',
  severity: 'error',
  summary: 'No secret is passed through ENV or ARG; secrets reach the build through `RUN --mount=type=secret` and the container through its environment at run time.',
  check(dockerfile) {
    const findings: DockerfileFinding[] = [];
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
        for (const [name, value] of readKeyValues(instruction)) {
          if (value !== undefined && URL_CREDENTIALS.test(value)) {
            findings.push({
              at: instruction,
              message: `${instruction.keyword} ${name} holds a URL with a password in it`,
              hint: 'Drop the value from the Dockerfile; give the URL to the container at run time (berth.yaml `env: { NAME: { secret, key } }`).',
            });
          } else if (looksLikeSecretName(name) && instruction.keyword === 'ENV' && value !== undefined && value !== '') {
            findings.push({
              at: instruction,
              message: `ENV ${name} bakes a secret into the image config, readable with docker inspect`,
              hint: 'Remove it from the Dockerfile and reference a Secret in berth.yaml (`env: { NAME: { secret, key } }`).',
            });
          } else if (looksLikeSecretName(name) && instruction.keyword === 'ARG') {
            findings.push({
              at: instruction,
              severity: 'warning',
              message: `ARG ${name} looks like a secret; build arguments are recorded in the image history`,
              hint: 'Pass it with `RUN --mount=type=secret,id=<id>` (docker build --secret id=<id>,...) instead.',
            });
          }
        }
      }
    }
    return findings;
  },
};
