// Building in the image that ships leaves compilers, dev dependencies and sources in production.
import type { DockerfileRule } from '../dockerfile-rule.ts';

/** Commands that compile, bundle or install build-time dependencies. */
const BUILD_COMMANDS: readonly RegExp[] = [
  /\bgo\s+build\b/,
  /\bcargo\s+(build|install)\b/,
  /(^|[\s/])(mvn|mvnw|gradle|gradlew)\b/,
  /\bdotnet\s+(publish|build)\b/,
  /\b(npm|pnpm|yarn|bun)\s+(run\s+)?build\b/,
  /\b(npm|pnpm)\s+(ci|install|i)\b/,
  /\byarn(\s+install)?\s*($|&&|;|--)/,
  /\bpip3?\s+install\b/,
  /\b(uv\s+sync|poetry\s+install)\b/,
  /\b(gcc|g\+\+|make|cmake|tsc)\b/,
  /\b(apt-get|apt|apk|dnf|yum)\s+(install|add)\b.*\b(build-essential|build-base|gcc|g\+\+|make)\b/,
];

export const singleStage: DockerfileRule = {
  id: 'dockerfile-single-stage',
  severity: 'warning',
  summary: 'A Dockerfile that builds or installs dependencies does so in a build stage and copies only the result into the runtime stage.',
  check(dockerfile) {
    if (dockerfile.stages.length !== 1) return [];
    const stage = dockerfile.stages[0];
    const build = stage.instructions.find((i) => i.keyword === 'RUN' && BUILD_COMMANDS.some((p) => p.test(i.content)));
    if (!build) return [];
    return [
      {
        at: build,
        message: `the only stage builds (\`${shortenCommand(build.content)}\`), so build tools and intermediate files ship in the image`,
        hint: 'Split into a build stage (`FROM ... AS build`) and a small runtime stage that copies only the artefacts (`COPY --from=build ...`).',
      },
    ];
  },
};

function shortenCommand(command: string): string {
  const text = command.replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
