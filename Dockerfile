# Multi-stage: build with dev dependencies, run with production ones only, as a non-root user.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dependencies first, for the layer cache; the build (package.json's prepare) runs once the sources are in.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild
COPY tsconfig.json tsconfig.build.json tsconfig.dashboard.json nest-cli.json ./
COPY scripts ./scripts
COPY src ./src
COPY domain ./domain
COPY projections ./projections
COPY examples ./examples
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/examples ./examples
COPY --chown=node:node package.json ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Readiness, with node itself (the slim image has no curl). node is PID 1 and handles SIGTERM itself.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# V8's young generation at most 2 x 16 MB, as Node 20 sized it: Node 24 lets it grow to 2 x 64 MB while the summaries
# are read at a start, and keeps that (docs/benchmarks.md, "Peak RSS").
CMD ["node", "--max-semi-space-size=16", "dist/src/main.js"]
