// Refuses a service whose keys have the wrong shape (a string where Compose wants a list...), as
// docker compose does, so no value is misread or dropped without a word.
import { InputError, type Diagnostic } from '../../diagnostics.ts';
import { isMapNode, type ComposeNode, type MapEntry } from './compose-node.ts';

type Kind = ComposeNode['kind'];

const SHAPES: Readonly<Record<string, readonly Kind[]>> = {
  image: ['scalar'],
  build: ['scalar', 'map'],
  command: ['scalar', 'seq'],
  entrypoint: ['scalar', 'seq'],
  environment: ['map', 'seq'],
  env_file: ['scalar', 'seq'],
  labels: ['map', 'seq'],
  ports: ['seq'],
  expose: ['seq'],
  volumes: ['seq'],
  tmpfs: ['scalar', 'seq'],
  depends_on: ['map', 'seq'],
  links: ['seq'],
  configs: ['seq'],
  secrets: ['seq'],
  deploy: ['map'],
  healthcheck: ['map'],
  profiles: ['seq'],
  extends: ['scalar', 'map'],
  user: ['scalar'],
  restart: ['scalar'],
};

const DESCRIBE: Readonly<Record<Kind, string>> = { scalar: 'a value', seq: 'a list', map: 'a mapping' };

export function checkServiceShapes(service: MapEntry): void {
  const diagnostics: Diagnostic[] = [];
  if (!isMapNode(service.value)) {
    diagnostics.push({ code: 'compose-service-shape', severity: 'error', message: `services.${service.key} must be a mapping`, position: service.keyPos, path: `services.${service.key}`, hint: 'Give the service at least `image:` or `build:`.' });
  } else {
    for (const entry of service.value.entries) {
      const allowed = SHAPES[entry.key];
      if (!allowed || (entry.value.kind === 'scalar' && entry.value.value === null) || allowed.includes(entry.value.kind)) continue;
      const path = `services.${service.key}.${entry.key}`;
      diagnostics.push({
        code: 'compose-key-shape',
        severity: 'error',
        message: `${path} must be ${allowed.map((k) => DESCRIBE[k]).join(' or ')}, not ${DESCRIBE[entry.value.kind]}`,
        position: entry.keyPos,
        path,
        hint: 'docker compose refuses this too; see the Compose specification for the key.',
      });
    }
  }
  if (diagnostics.length > 0) throw new InputError(`services.${service.key} is not a valid Compose service`, diagnostics);
}
