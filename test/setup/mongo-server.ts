import type { TestProject } from 'vitest/node';
import { startJongodb } from '../support/jongodb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUrl: string;
  }
}

/**
 * One MongoDB wire-compatible server for the whole run (it starts a JVM: too slow per file).
 * Tests isolate themselves with a fresh database name, since the server cannot drop one.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startJongodb();
  project.provide('mongoUrl', server.uri);
  return () => server.stop();
}
