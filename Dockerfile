# syntax=docker/dockerfile:1
# ktriage GitHub App. Build: docker build -t ktriage .   Run: docker run --env-file .env -p 3000:3000 ktriage

# --- build: all dependencies, compile TypeScript, then drop the dev dependencies ---------------
FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary; the toolchain is only a fallback for other platforms.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY scripts/precompile-rules.js scripts/bundle-cli.js ./scripts/
COPY rules ./rules
# `npm ci` runs the `prepare` script (`npm run build`): tsc, which needs src/ and tsconfig.json, then
# scripts/precompile-rules.js, which reads rules/ into dist/bundled-rules.json (the start-up form),
# then scripts/bundle-cli.js, which bundles the CLI's start-up path from src/ into dist/bundle/.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

# --- runtime: production dependencies, compiled code, the bundled rules; no compiler, no root ---
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json \
    KTRIAGE_RULES_DIR=/app/rules \
    KTRIAGE_QUEUE_FILE=/data/queue.sqlite \
    KTRIAGE_STORE_FILE=/data/store.sqlite
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json app.yml ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root rules ./rules
# The image's files belong to root and are read-only for the app's user; /data is the one
# writable place (the queue and the decision store, unless REDIS_URL / DATABASE_URL move them to
# servers), a volume so decisions and feedback survive upgrades.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + (process.env.KTRIAGE_HEALTH_PATH || '/ktriage/health')).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node as PID 1 directly (not npm), same as `npm start`: `ktriage github serve` is `probot run` with
# ktriage's logger (LOG_LEVEL, LOG_FORMAT=json). Probot installs no signal handler; ktriage's entry
# does: SIGTERM lets running queue jobs finish, then exits (waiting ones stay in /data/queue.sqlite,
# or in Redis with REDIS_URL).
CMD ["node", "bin/ktriage.js", "github", "serve"]
