// Node images: Next.js (standalone server or `next start`), static Vite builds served by
// nginx-unprivileged, and plain Node servers; one build stage, one small runtime stage.
import type { BuildRecipe } from '../detection.ts';
import { NGINX_UNPRIVILEGED_IMAGE, NODE_IMAGES, pickImage, RUNTIME_USERS } from './base-images.ts';
import type { DockerfileRequest, GeneratedDockerfile } from './dockerfile-request.ts';
import { renderLines, toExecForm, writeHeader } from './dockerfile-text.ts';

type NodeRecipe = Extract<BuildRecipe, { kind: 'node' }>;

export const NODE_IGNORE = ['node_modules', '.next', 'dist', 'build', 'coverage', '.turbo', 'npm-debug.log*', 'yarn-error.log*'];

export function writeNodeDockerfile(request: DockerfileRequest, recipe: NodeRecipe): GeneratedDockerfile {
  const { service } = request;
  const node = pickImage(NODE_IMAGES, recipe.nodeMajor);
  const port = service.port?.value ?? 3000;
  const install = installCommand(recipe, recipe.mode === 'server' && !recipe.buildScript);
  const run = (script: string) => (recipe.packageManager === 'npm' ? `npm run ${script}` : recipe.packageManager === 'pnpm' ? `pnpm run ${script}` : `yarn ${script}`);
  const manifests = ['package.json', recipe.lockfile].filter(Boolean).join(' ');
  const buildStage = [
    `FROM ${node} AS build`,
    'WORKDIR /app',
    `COPY ${manifests} ./`,
    `RUN ${install}`,
    'COPY . .',
  ];
  const what = `${service.framework.value} (${recipe.mode}) on Node ${recipe.nodeMajor}`;
  const head = writeHeader(service.name, what, request.buildCommand);

  if (recipe.mode === 'static') {
    const content = renderLines([
      ...head,
      '',
      ...buildStage,
      `RUN ${run('build')}`,
      '',
      '# nginx-unprivileged runs as UID 101, listens on 8080 and keeps its pid and temp files in /tmp.',
      `FROM ${NGINX_UNPRIVILEGED_IMAGE}`,
      "COPY <<'EOF' /etc/nginx/conf.d/default.conf",
      'server {',
      `    listen ${port};`,
      '    root /usr/share/nginx/html;',
      '    location / {',
      '        try_files $uri $uri/ /index.html;',
      '    }',
      '}',
      'EOF',
      `COPY --from=build /app/${recipe.outputDirectory} /usr/share/nginx/html`,
      `USER ${RUNTIME_USERS.nginx}`,
      `EXPOSE ${port}`,
    ]);
    return { content, user: RUNTIME_USERS.nginx, ignore: NODE_IGNORE, todo: [] };
  }

  if (recipe.mode === 'next-standalone') {
    const content = renderLines([
      ...head,
      '',
      ...buildStage,
      'ENV NEXT_TELEMETRY_DISABLED=1',
      `RUN ${run('build')}`,
      '',
      '# The standalone output carries only the server and the node_modules it traces.',
      `FROM ${node}`,
      'WORKDIR /app',
      `ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=${port} HOSTNAME=0.0.0.0`,
      recipe.hasPublicDirectory && 'COPY --from=build /app/public ./public',
      'COPY --from=build /app/.next/standalone ./',
      'COPY --from=build /app/.next/static ./.next/static',
      `USER ${RUNTIME_USERS.nextjs}`,
      `EXPOSE ${port}`,
      `CMD ${toExecForm(['node', 'server.js'])}`,
    ]);
    return { content, user: RUNTIME_USERS.nextjs, ignore: NODE_IGNORE, todo: [] };
  }

  const next = recipe.mode === 'next';
  const user = next ? RUNTIME_USERS.nextjs : RUNTIME_USERS.node;
  const command = next ? ['node', 'node_modules/next/dist/bin/next', 'start'] : [...recipe.start];
  const environment = [`NODE_ENV=production`, next && 'NEXT_TELEMETRY_DISABLED=1', service.portVariable && `${service.portVariable}=${port}`, service.hostVariable && `${service.hostVariable}=0.0.0.0`].filter(Boolean).join(' ');
  const content = renderLines([
    ...head,
    '',
    ...buildStage,
    next && 'ENV NEXT_TELEMETRY_DISABLED=1',
    recipe.buildScript && `RUN ${run('build')} && ${pruneCommand(recipe)}`,
    '',
    `FROM ${node}`,
    'WORKDIR /app',
    `ENV ${environment}`,
    'COPY --from=build /app ./',
    `USER ${user}`,
    `EXPOSE ${port}`,
    `CMD ${toExecForm(command)}`,
  ]);
  return { content, user, ignore: NODE_IGNORE, todo: [] };
}

function installCommand(recipe: NodeRecipe, productionOnly: boolean): string {
  const locked = recipe.lockfile !== undefined;
  switch (recipe.packageManager) {
    case 'pnpm':
      return `corepack enable && pnpm install ${locked ? '--frozen-lockfile' : ''}${productionOnly ? ' --prod' : ''}`.replace(/\s+/g, ' ').trim();
    case 'yarn':
      return `yarn install${locked ? ' --frozen-lockfile' : ''}${productionOnly ? ' --production' : ''}`;
    case 'npm':
      return `${locked ? 'npm ci' : 'npm install'}${productionOnly ? ' --omit=dev' : ''}`;
  }
}

function pruneCommand(recipe: NodeRecipe): string {
  switch (recipe.packageManager) {
    case 'pnpm':
      return 'pnpm prune --prod';
    case 'yarn':
      return `yarn install --production --ignore-scripts --prefer-offline${recipe.lockfile ? ' --frozen-lockfile' : ''}`;
    case 'npm':
      return 'npm prune --omit=dev';
  }
}
