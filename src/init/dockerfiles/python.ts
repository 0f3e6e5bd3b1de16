// Python images: dependencies installed into a virtualenv in a build stage, copied with the source
// into the same slim base, started by uvicorn or gunicorn on 0.0.0.0.
import type { BuildRecipe } from '../detection.ts';
import { pickImage, PYTHON_IMAGES, RUNTIME_USERS, UV_IMAGE } from './base-images.ts';
import type { DockerfileRequest, GeneratedDockerfile } from './dockerfile-request.ts';
import { renderLines, toExecForm, writeHeader } from './dockerfile-text.ts';

type PythonRecipe = Extract<BuildRecipe, { kind: 'python' }>;

export const PYTHON_IGNORE = ['__pycache__', '*.py[cod]', '.venv', 'venv', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', 'htmlcov'];

export function writePythonDockerfile(request: DockerfileRequest, recipe: PythonRecipe): GeneratedDockerfile {
  const { service } = request;
  const python = pickImage(PYTHON_IMAGES, recipe.pythonMinor);
  const port = service.port?.value ?? 8000;
  const extras = recipe.extraPackages.join(' ');
  const install: string[] = [];
  switch (recipe.install.kind) {
    case 'requirements':
      // Nested requirement files usually include each other (`-r base.txt`): copy their folder.
      install.push(
        recipe.install.file.includes('/') ? `COPY ${recipe.install.file.slice(0, recipe.install.file.lastIndexOf('/') + 1)} ${recipe.install.file.slice(0, recipe.install.file.lastIndexOf('/') + 1)}` : `COPY ${recipe.install.file} ./`,
        `RUN pip install -r ${recipe.install.file}${extras ? ` ${extras}` : ''}`,
        'COPY . .',
      );
      break;
    case 'uv':
      install.push(
        `COPY --from=${UV_IMAGE} /uv /usr/local/bin/uv`,
        'COPY pyproject.toml uv.lock ./',
        'RUN UV_PROJECT_ENVIRONMENT=/opt/venv uv sync --frozen --no-dev --no-install-project',
        extras ? `RUN pip install ${extras}` : '',
        'COPY . .',
      );
      break;
    case 'pyproject':
      install.push('COPY . .', `RUN pip install .${extras ? ` ${extras}` : ''}`);
      break;
  }
  const environment = ['PYTHONDONTWRITEBYTECODE=1', 'PYTHONUNBUFFERED=1', 'PATH=/opt/venv/bin:$PATH', recipe.pythonPath && `PYTHONPATH=/app/${recipe.pythonPath}`].filter(Boolean).join(' ');
  const content = renderLines([
    ...writeHeader(service.name, `${service.framework.value} on Python 3.${recipe.pythonMinor}`, request.buildCommand),
    '',
    `FROM ${python} AS build`,
    'ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1',
    'RUN python -m venv /opt/venv',
    'ENV PATH=/opt/venv/bin:$PATH',
    'WORKDIR /app',
    ...install.filter(Boolean),
    recipe.collectStatic && 'RUN python manage.py collectstatic --noinput',
    '',
    `FROM ${python}`,
    `ENV ${environment}`,
    'WORKDIR /app',
    'COPY --from=build /opt/venv /opt/venv',
    'COPY --from=build /app /app',
    `USER ${RUNTIME_USERS.default}`,
    `EXPOSE ${port}`,
    `CMD ${toExecForm(recipe.command)}`,
  ]);
  return { content, user: RUNTIME_USERS.default, ignore: PYTHON_IGNORE, todo: [] };
}
