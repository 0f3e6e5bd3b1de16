// Go images: a static binary (CGO off) on distroless static, or with cgo on distroless base.
import type { BuildRecipe } from '../detection.ts';
import { DISTROLESS_BASE, DISTROLESS_STATIC, GO_GLIBC_IMAGES, GO_IMAGES, pickImage, RUNTIME_USERS } from './base-images.ts';
import type { DockerfileRequest, GeneratedDockerfile } from './dockerfile-request.ts';
import { renderLines, toExecForm, writeHeader } from './dockerfile-text.ts';

type GoRecipe = Extract<BuildRecipe, { kind: 'go' }>;

export const GO_IGNORE = ['bin', '*.test', 'coverage.out'];

export function writeGoDockerfile(request: DockerfileRequest, recipe: GoRecipe): GeneratedDockerfile {
  const { service } = request;
  const port = service.port?.value;
  const builder = pickImage(recipe.cgo ? GO_GLIBC_IMAGES : GO_IMAGES, recipe.goMinor);
  const todo = recipe.goMinor > 24 ? [`go.mod asks for Go 1.${recipe.goMinor}; the Dockerfile builds with ${builder} (GOTOOLCHAIN downloads the newer toolchain): pin a newer builder tag`] : [];
  const binary = `/${recipe.binary}`;
  const content = renderLines([
    ...writeHeader(service.name, `Go binary ${recipe.packagePath}${recipe.cgo ? ' (cgo)' : ''}`, request.buildCommand),
    '',
    `FROM ${builder} AS build`,
    'WORKDIR /src',
    `COPY go.mod${recipe.hasGoSum ? ' go.sum' : ''} ./`,
    'RUN go mod download',
    'COPY . .',
    `RUN CGO_ENABLED=${recipe.cgo ? 1 : 0} go build -trimpath -ldflags="-s -w" -o /out${binary} ${recipe.packagePath}`,
    '',
    `FROM ${recipe.cgo ? DISTROLESS_BASE : DISTROLESS_STATIC}`,
    service.portVariable && port !== undefined && `ENV ${service.portVariable}=${port}`,
    service.hostVariable && `ENV ${service.hostVariable}=0.0.0.0`,
    `COPY --from=build /out${binary} ${binary}`,
    `USER ${RUNTIME_USERS.distroless}`,
    port !== undefined && `EXPOSE ${port}`,
    `ENTRYPOINT ${toExecForm([binary])}`,
  ]);
  return { content, user: RUNTIME_USERS.distroless, ignore: GO_IGNORE, todo };
}
