# syntax=docker/dockerfile:1
# crd-admission: the admission webhook server as a container image.
#   docker build -t crd-admission:0.1.0 .
# The runtime image has no shell and no package manager; certificates and the
# CRD/policy configuration are mounted at run time (see docs/deploy.md).

# Node 20, the major package.json "engines" names (>=20.19); Debian 12 like the runtime image.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would run tsc before the sources are copied.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/make-executable.mjs ./scripts/
COPY src ./src
RUN npm run build && mkdir -p certs

# Production dependencies only, installed apart so no dev tool reaches the runtime image.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# Distroless Node 20: node and its libraries, no shell. `nonroot` is UID/GID 65532.
FROM gcr.io/distroless/nodejs20-debian12:nonroot
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The bundled examples, served when `serve` gets no --crds (a demo: `docker run -p 8443:8443 IMAGE`).
COPY manifests/examples ./manifests/examples
# The only writable path: development certificates when no --tls-cert is given.
COPY --from=build --chown=65532:65532 /app/certs ./certs
USER 65532:65532
EXPOSE 8443
# The base image's entrypoint is node; ours runs `crd-admission serve`, and the
# container's args (the Deployment's `args`) are serve's flags.
ENTRYPOINT ["/nodejs/bin/node", "/app/dist/cli/main.js", "serve"]
CMD []
