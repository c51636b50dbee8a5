import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the fault scenarios (test/faults/), each a whole service run against
 * real servers while something breaks. Slow by nature, so apart from `npm test`; files run
 * one at a time, since each starts worker processes and the machine has few cores.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts', 'test/setup/webdav-server.ts', 'test/setup/mongo-server.ts'],
    include: ['test/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
