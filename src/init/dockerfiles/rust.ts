// Rust images: a release build of one binary, run on distroless cc (glibc, no shell), or on Debian
// slim with libssl when the crate links OpenSSL.
import type { BuildRecipe } from '../detection.ts';
import { DEBIAN_SLIM_IMAGE, DISTROLESS_CC, RUNTIME_USERS, RUST_IMAGE } from './base-images.ts';
import type { DockerfileRequest, GeneratedDockerfile } from './dockerfile-request.ts';
import { renderLines, toExecForm, writeHeader } from './dockerfile-text.ts';

type RustRecipe = Extract<BuildRecipe, { kind: 'rust' }>;

export const RUST_IGNORE = ['target'];

export function writeRustDockerfile(request: DockerfileRequest, recipe: RustRecipe): GeneratedDockerfile {
  const { service } = request;
  const port = service.port?.value;
  const binary = `/${recipe.binary}`;
  const content = renderLines([
    ...writeHeader(service.name, `Rust binary ${recipe.binary} (package ${recipe.packageName})`, request.buildCommand),
    '',
    `FROM ${RUST_IMAGE} AS build`,
    recipe.needsOpenssl && 'RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libssl-dev && rm -rf /var/lib/apt/lists/*',
    'WORKDIR /src',
    'COPY . .',
    `RUN cargo build --release${recipe.locked ? ' --locked' : ''} -p ${recipe.packageName} --bin ${recipe.binary} && cp target/release/${recipe.binary} ${binary}`,
    '',
    recipe.needsOpenssl ? `FROM ${DEBIAN_SLIM_IMAGE}` : `FROM ${DISTROLESS_CC}`,
    recipe.needsOpenssl && 'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3 && rm -rf /var/lib/apt/lists/*',
    service.portVariable && port !== undefined && `ENV ${service.portVariable}=${port}`,
    service.hostVariable && `ENV ${service.hostVariable}=0.0.0.0`,
    `COPY --from=build ${binary} ${binary}`,
    `USER ${RUNTIME_USERS.distroless}`,
    port !== undefined && `EXPOSE ${port}`,
    `ENTRYPOINT ${toExecForm([binary])}`,
  ]);
  return { content, user: RUNTIME_USERS.distroless, ignore: RUST_IGNORE, todo: [] };
}
