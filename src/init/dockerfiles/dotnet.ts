// ASP.NET Core images: `dotnet publish` on the SDK image, run on the aspnet runtime as its `app` user.
import type { BuildRecipe } from '../detection.ts';
import { DOTNET_ASPNET_IMAGES, DOTNET_SDK_IMAGES, pickImage, RUNTIME_USERS } from './base-images.ts';
import type { DockerfileRequest, GeneratedDockerfile } from './dockerfile-request.ts';
import { renderLines, toExecForm, writeHeader } from './dockerfile-text.ts';

type DotnetRecipe = Extract<BuildRecipe, { kind: 'dotnet' }>;

export const DOTNET_IGNORE = ['bin', 'obj', '.vs', '*.user'];

export function writeDotnetDockerfile(request: DockerfileRequest, recipe: DotnetRecipe): GeneratedDockerfile {
  const { service } = request;
  const port = service.port?.value ?? 8080;
  const content = renderLines([
    ...writeHeader(service.name, `ASP.NET Core ${recipe.dotnetMajor} (${recipe.project})`, request.buildCommand),
    '',
    `FROM ${pickImage(DOTNET_SDK_IMAGES, recipe.dotnetMajor)} AS build`,
    'WORKDIR /src',
    'COPY . .',
    `RUN dotnet publish ${JSON.stringify(recipe.project)} -c Release -o /out`,
    '',
    `FROM ${pickImage(DOTNET_ASPNET_IMAGES, recipe.dotnetMajor)}`,
    'WORKDIR /app',
    service.portVariable && `ENV ${service.portVariable}=${port}`,
    'COPY --from=build /out ./',
    `USER ${RUNTIME_USERS.dotnet}`,
    `EXPOSE ${port}`,
    `ENTRYPOINT ${toExecForm(['dotnet', `${recipe.assembly}.dll`])}`,
  ]);
  return { content, user: RUNTIME_USERS.dotnet, ignore: DOTNET_IGNORE, todo: [] };
}
