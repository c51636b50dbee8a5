import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './free-port.js';

const READY_DEADLINE_MS = 30_000;

export interface RunningJongodb {
  readonly uri: string;
  stop(): Promise<void>;
}

/**
 * Starts the MongoDB wire-compatible test server shipped as an npm package, on a free port.
 * Resolves once it prints `JONGODB_URI=…`; rejects if it exits or stays silent past the deadline.
 */
export async function startJongodb(): Promise<RunningJongodb> {
  const port = await freePort();
  const child = spawn(jongodbBinary(), ['--host=127.0.0.1', `--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`jongodb printed no JONGODB_URI within ${READY_DEADLINE_MS} ms: ${stderr}`));
    }, READY_DEADLINE_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`jongodb ${why}: ${stderr}`));
    };
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`exited with ${code} before it was ready`));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^JONGODB_URI=(\S+)/.exec(line.trim());
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
  });
  return {
    uri,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function jongodbBinary(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  const { jongodb } = require(packageJson) as { jongodb?: { binary?: string } };
  return join(dirname(packageJson), jongodb?.binary ?? 'bin/jongodb');
}

/** The test server cannot drop databases: every test file (or test) works in a new one. */
export function freshDatabaseName(): string {
  return `higia_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}
