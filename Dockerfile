# syntax=docker/dockerfile:1
# rust-review GitHub App. Build: docker build -t rust-review .
# Run:   docker run -p 3000:3000 -e APP_ID -e PRIVATE_KEY -e WEBHOOK_SECRET -e PUBLIC_URL [-e REDIS_URL] [-e ANTHROPIC_API_KEY] rust-review
# dist/main.js is Probot's run() with the App's resilient Octokit (secondary rate limits retried),
# the LLM passes when ANTHROPIC_API_KEY is set, /metrics, /docs/rules/, and a SIGTERM drain.
# What the final stage copies is what test/production/artifact.test.ts runs (it builds the same
# directory: package files, `npm ci --omit=dev --ignore-scripts`, dist/, app.yml) and
# test/production/dockerfile.test.ts checks that this file still copies exactly that.
#
# Base: Node 26 (LTS since October 2026), Debian bookworm slim, pinned by the multi-platform index
# digest of node:26.11.1-bookworm-slim (hub.docker.com/layers/library/node/26-bookworm-slim).
# Update tag and digest together.

FROM node:26.11.1-bookworm-slim@sha256:86f07bc9c5dce4578cf37e5a418b7bfc7f817cda25cde66e2b66e95ed86c4567 AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency needs its install script (tree-sitter runs as WebAssembly), and
# the tests run without them.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsc, then the data files (the LLM prompts) copied into dist/ (src/tools/copy-assets.ts).
RUN npm run build

FROM node:26.11.1-bookworm-slim@sha256:86f07bc9c5dce4578cf37e5a418b7bfc7f817cda25cde66e2b66e95ed86c4567
# tini as PID 1: forwards SIGTERM to node and reaps children (squawk runs as a child process).
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# A heap cap keeps RSS flat over thousands of reviews (Node does not hand grown heap back to the
# OS); size it to the container's memory limit.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=256 \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY app.yml ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM: the App stops taking webhooks and drains for SHUTDOWN_GRACE_MS (default 8 s), inside
# docker stop's 10 s; for a longer drain raise both (docker run --stop-timeout, Kubernetes
# terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
