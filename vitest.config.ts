import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts', 'test/setup/webdav-server.ts', 'test/setup/mongo-server.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.git/**', 'test/faults/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
