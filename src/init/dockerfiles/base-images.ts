// Exact base image tags the generated Dockerfiles start from: a rebuild of the same commit gets the
// same base. Bump them together (and the seeds' size targets: Go < 30 MB, Python < 150 MB, Next.js < 200 MB).

export const NODE_IMAGES: Readonly<Record<number, string>> = {
  18: 'node:18.20.5-alpine3.21',
  20: 'node:20.18.1-alpine3.21',
  22: 'node:22.12.0-alpine3.21',
};
export const NGINX_UNPRIVILEGED_IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine3.20';

export const PYTHON_IMAGES: Readonly<Record<number, string>> = {
  11: 'python:3.11.11-slim-bookworm',
  12: 'python:3.12.8-slim-bookworm',
  13: 'python:3.13.1-slim-bookworm',
};
export const UV_IMAGE = 'ghcr.io/astral-sh/uv:0.5.11';

export const GO_IMAGES: Readonly<Record<number, string>> = { 23: 'golang:1.23.4-alpine3.21', 24: 'golang:1.24.1-alpine3.21' };
/** cgo needs glibc: build on Debian, run on distroless base (glibc, no shell). */
export const GO_GLIBC_IMAGES: Readonly<Record<number, string>> = { 23: 'golang:1.23.4-bookworm', 24: 'golang:1.24.1-bookworm' };
export const DISTROLESS_STATIC = 'gcr.io/distroless/static-debian12:nonroot';
export const DISTROLESS_BASE = 'gcr.io/distroless/base-debian12:nonroot';
export const DISTROLESS_CC = 'gcr.io/distroless/cc-debian12:nonroot';

export const RUST_IMAGE = 'rust:1.83.0-slim-bookworm';
export const DEBIAN_SLIM_IMAGE = 'debian:bookworm-20241223-slim';

export const JDK_IMAGES: Readonly<Record<number, string>> = { 17: 'eclipse-temurin:17.0.13_11-jdk-alpine', 21: 'eclipse-temurin:21.0.5_11-jdk-alpine' };
export const JRE_IMAGES: Readonly<Record<number, string>> = { 17: 'eclipse-temurin:17.0.13_11-jre-alpine', 21: 'eclipse-temurin:21.0.5_11-jre-alpine' };
export const MAVEN_IMAGES: Readonly<Record<number, string>> = { 17: 'maven:3.9.9-eclipse-temurin-17-alpine', 21: 'maven:3.9.9-eclipse-temurin-21-alpine' };
export const GRADLE_IMAGES: Readonly<Record<number, string>> = { 17: 'gradle:8.11.1-jdk17-alpine', 21: 'gradle:8.11.1-jdk21-alpine' };

export const DOTNET_SDK_IMAGES: Readonly<Record<number, string>> = { 8: 'mcr.microsoft.com/dotnet/sdk:8.0.404-alpine3.20', 9: 'mcr.microsoft.com/dotnet/sdk:9.0.101-alpine3.20' };
export const DOTNET_ASPNET_IMAGES: Readonly<Record<number, string>> = { 8: 'mcr.microsoft.com/dotnet/aspnet:8.0.11-alpine3.20', 9: 'mcr.microsoft.com/dotnet/aspnet:9.0.0-alpine3.20' };

/** UIDs the runtime stages run as: the image's own unprivileged user where it has one. */
export const RUNTIME_USERS = {
  node: 1000,
  nextjs: 1001,
  nginx: 101,
  distroless: 65532,
  dotnet: 1654,
  default: 10001,
} as const;

/** The entry for `version`, or the closest one below it, or the lowest. */
export function pickImage(images: Readonly<Record<number, string>>, version: number): string {
  const versions = Object.keys(images)
    .map(Number)
    .sort((a, b) => a - b);
  const chosen = [...versions].reverse().find((v) => v <= version) ?? versions[0];
  return images[chosen];
}
