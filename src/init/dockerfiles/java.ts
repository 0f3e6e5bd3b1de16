// Spring Boot images: the boot jar built with Maven or Gradle (the wrapper when the repository has
// one), run on a Temurin JRE.
import type { BuildRecipe } from '../detection.ts';
import { GRADLE_IMAGES, JDK_IMAGES, JRE_IMAGES, MAVEN_IMAGES, pickImage, RUNTIME_USERS } from './base-images.ts';
import type { DockerfileRequest, GeneratedDockerfile } from './dockerfile-request.ts';
import { renderLines, toExecForm, writeHeader } from './dockerfile-text.ts';

type JavaRecipe = Extract<BuildRecipe, { kind: 'java' }>;

export const JAVA_IGNORE = ['target', 'build', '.gradle', '.idea', '*.iml'];

export function writeJavaDockerfile(request: DockerfileRequest, recipe: JavaRecipe): GeneratedDockerfile {
  const { service } = request;
  const port = service.port?.value ?? 8080;
  const builder = recipe.wrapper ? pickImage(JDK_IMAGES, recipe.javaMajor) : pickImage(recipe.tool === 'maven' ? MAVEN_IMAGES : GRADLE_IMAGES, recipe.javaMajor);
  const module = recipe.module;
  let build: string;
  let output: string;
  if (recipe.tool === 'maven') {
    build = `${recipe.wrapper ? 'sh ./mvnw' : 'mvn'} -B -DskipTests${module ? ` -pl ${module} -am` : ''} package`;
    output = `${module ? `${module}/` : ''}target`;
  } else {
    build = `${recipe.wrapper ? 'sh ./gradlew' : 'gradle'} --no-daemon ${module ? `:${module.split('/').join(':')}:` : ''}bootJar`;
    output = `${module ? `${module}/` : ''}build/libs`;
  }
  const content = renderLines([
    ...writeHeader(service.name, `Spring Boot (${recipe.tool}) on Java ${recipe.javaMajor}`, request.buildCommand),
    '',
    `FROM ${builder} AS build`,
    'WORKDIR /src',
    'COPY . .',
    `RUN ${build} && cp "$(ls ${output}/*.jar | grep -v -e '-plain' -e '\\.original' | head -n 1)" /app.jar`,
    '',
    `FROM ${pickImage(JRE_IMAGES, recipe.javaMajor)}`,
    'WORKDIR /app',
    service.portVariable && `ENV ${service.portVariable}=${port}`,
    'COPY --from=build /app.jar /app/app.jar',
    `USER ${RUNTIME_USERS.default}`,
    `EXPOSE ${port}`,
    `ENTRYPOINT ${toExecForm(['java', '-XX:MaxRAMPercentage=75', '-jar', '/app/app.jar'])}`,
  ]);
  return { content, user: RUNTIME_USERS.default, ignore: JAVA_IGNORE, todo: [] };
}
