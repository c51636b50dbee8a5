import type { TestProject } from 'vitest/node';
import { startApacheWebDav } from '../support/apache-webdav.js';

export interface ProvidedWebDav {
  /** Server base (`http://127.0.0.1:<port>`); files live under `/remote.php/dav/files/<user>/`. */
  url: string;
  user: string;
  password: string;
  /** The folder on disk behind the WebDAV root. */
  rootDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    webdav: ProvidedWebDav;
  }
}

/** One Apache WebDAV server for the whole run; tests isolate themselves by a random folder. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startApacheWebDav();
  project.provide('webdav', { url: server.url, user: server.user, password: server.password, rootDir: server.rootDir });
  return () => server.stop();
}
