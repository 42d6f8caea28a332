# syntax=docker/dockerfile:1
# rust-review GitHub App. Build: docker build -t rust-review .
# Run:   docker run --init -p 3000:3000 -e APP_ID -e PRIVATE_KEY -e WEBHOOK_SECRET [-e REDIS_URL] rust-review
# dist/main.js is Probot's run() with the App's resilient Octokit (secondary rate limits retried),
# the LLM passes when ANTHROPIC_API_KEY is set, /metrics, and a SIGTERM drain.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-slim
# A heap cap keeps RSS flat over thousands of reviews (Node does not hand grown heap back to the
# OS); size it to the container's memory limit.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=256 \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY app.yml ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node (not npm) as PID 1's child so SIGTERM reaches the App, which drains the reviews in flight.
CMD ["node", "dist/main.js"]
