# Higia: one image, two roles (`higia api`, `higia worker`; `higia serve` runs both).
# Not built on the development machines (no Docker engine there): kept correct by reading.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The `prepare` script compiles, and the sources are not here yet: compile explicitly below.
# better-sqlite3 (the embedded reference index) is the one install script needed: it fetches
# or, failing that, compiles its native binding, hence the compiler in this stage only.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Dev dependencies only: optional ones stay, since they carry the platform binaries needed at
# run time (@resvg/resvg-js-linux-x64-gnu for the report charts). The MongoDB-compatible test
# server is optional too (optional so that `npm ci` works on platforms it has no build for),
# but only the tests use it: removed by name. The last line fails the build if the chart
# renderer's or SQLite's native binary is missing.
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts \
 && rm -rf node_modules/@jongodb \
 && node -e "require('@resvg/resvg-js'); new (require('better-sqlite3'))(':memory:').close()"

FROM node:20-bookworm-slim
# A fixed heap instead of Node's default (a quarter of the machine's memory, up to ~4 GB): a
# job stays within it by the input caps (a 1M-row file peaks near 750 MB; the shared strings of
# an .xlsx may take 1 GiB; .xls/.ods/.xlsb are read whole up to 32 MB), and a file that still
# kills the worker is dead-lettered as `worker-crashed` after AMQP_MAX_DELIVERIES deliveries.
# Give the container more than this (the heap is not all of a process's memory).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=3072 \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node bin ./bin
# Scratch space for downloads and outputs before upload, and the embedded storage root.
RUN mkdir -p /app/storage /tmp/higia && chown node:node /app/storage /tmp/higia
ENV TMPDIR=/tmp/higia
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/higia.js"]
CMD ["serve"]
