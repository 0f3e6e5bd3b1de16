// Generated Dockerfiles: a detected service and where to write → a multi-stage, non-root Dockerfile on
// pinned bases, its numeric USER, and the .dockerignore entries its build context needs.
import type { DockerfileRequest, GeneratedDockerfile } from './dockerfile-request.ts';
import { writeDotnetDockerfile } from './dotnet.ts';
import { writeGoDockerfile } from './go.ts';
import { writeJavaDockerfile } from './java.ts';
import { writeNodeDockerfile } from './node.ts';
import { writePythonDockerfile } from './python.ts';
import { writeRustDockerfile } from './rust.ts';

export type { DockerfileRequest, GeneratedDockerfile };

/** Undefined when there is nothing to build from (a service known only from its Dockerfile). */
export function writeDockerfile(request: DockerfileRequest): GeneratedDockerfile | undefined {
  const recipe = request.service.build;
  switch (recipe.kind) {
    case 'node':
      return writeNodeDockerfile(request, recipe);
    case 'python':
      return writePythonDockerfile(request, recipe);
    case 'go':
      return writeGoDockerfile(request, recipe);
    case 'rust':
      return writeRustDockerfile(request, recipe);
    case 'java':
      return writeJavaDockerfile(request, recipe);
    case 'dotnet':
      return writeDotnetDockerfile(request, recipe);
    case 'none':
      return undefined;
  }
}

/** Entries every build context ignores: VCS data, local secrets, and the Docker files themselves. */
export const COMMON_IGNORE = ['.git', '.gitignore', '**/.env', '**/.env.*', '!**/.env.example', '.dockerignore', '**/Dockerfile*'];

export function renderDockerignore(entries: readonly string[]): string {
  const specific = [...new Set(entries)].filter((e) => !COMMON_IGNORE.includes(e)).sort();
  return `# Keeps the build context small and local secrets out of the image.\n${[...COMMON_IGNORE, ...specific].join('\n')}\n`;
}
