# syntax=docker/dockerfile:1
#
# AKS JIT Access — production image. Three stages:
#   deps     all npm dependencies (install scripts off: nothing is downloaded beyond the registry tarballs)
#   build    Prisma client, Next.js standalone build, and two small bundled entry points:
#              dist/db-migrate.mjs  the migration Job (lib/db/migrate.ts; reads DATABASE_URL only)
#              dist/doctor.mjs      the setup check (`kubectl exec … -- node dist/doctor.mjs`)
#   runtime  only .next/standalone (its traced node_modules, no dev dependencies), static assets, public/,
#            prisma/migrations and dist/; runs as uid 10001; writes nothing outside /tmp and .next/cache,
#            both emptyDir volumes in deploy/kubernetes, so the root filesystem can be read-only.
# No HEALTHCHECK: Kubernetes probes /api/health/live and /api/health/ready.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# --ignore-scripts: Prisma's engine download and other install scripts stay off (docs/decisions/0002);
# `prisma generate` runs explicitly below.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    NEXT_OUTPUT=standalone
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# `prisma generate` needs some file as the schema engine it never runs (prisma.config.ts).
RUN touch prisma/no-schema-engine \
 && node node_modules/prisma/build/index.js generate \
 && node node_modules/next/dist/bin/next build \
 && node_modules/.bin/esbuild deploy/docker/db-migrate.ts \
      --bundle --platform=node --target=node20 --format=esm --outfile=dist/db-migrate.mjs \
      --external:pg-native \
      "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" \
 && node_modules/.bin/esbuild scripts/doctor.ts \
      --bundle --platform=node --target=node20 --format=esm --outfile=dist/doctor.mjs \
      --external:pg-native --external:@prisma/* \
      "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
# A fixed non-root uid/gid (runAsUser in the Deployment) and no package managers in the final image.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
# Code stays root-owned and read-only for the app user; only the Next.js cache directory is its own.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/dist ./dist
RUN mkdir -p .next/cache && chown 10001:10001 .next/cache
USER 10001:10001
EXPOSE 3000
CMD ["node", "server.js"]
