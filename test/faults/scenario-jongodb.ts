import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../support/free-port.js';
import { reapWhenThisProcessDies } from '../support/private-rabbitmq.js';

/**
 * The MongoDB stand-in of a scenario's own, on a port that stays the same across a stop and
 * a start, so the workers' MONGO_URL keeps pointing at it. The server keeps its data in memory:
 * a start is an empty server (the scenario reloads what it needs).
 */
export interface PrivateJongodb {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  readonly timings: { startMs: number; stopMs: number };
}

const READY_DEADLINE_MS = 60_000;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function binary(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  const { jongodb } = require(packageJson) as { jongodb?: { binary?: string } };
  return join(dirname(packageJson), jongodb?.binary ?? 'bin/jongodb');
}

export async function startPrivateJongodb(): Promise<PrivateJongodb> {
  const port = await freePort();
  const timings = { startMs: 0, stopMs: 0 };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }

  const start = async () => {
    const began = performance.now();
    const current = spawn(binary(), ['--host=127.0.0.1', `--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = current;
    running.add(current);
    const cancelReaper = current.pid === undefined ? () => {} : reapWhenThisProcessDies(current.pid);
    exited = new Promise((resolve) =>
      current.once('exit', () => {
        cancelReaper();
        running.delete(current);
        resolve();
      }),
    );
    let stderr = '';
    current.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        current.kill('SIGKILL');
        reject(new Error(`jongodb printed no JONGODB_URI within ${READY_DEADLINE_MS} ms: ${stderr}`));
      }, READY_DEADLINE_MS);
      current.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      current.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`jongodb exited with ${code} before it was ready (port ${port} taken?): ${stderr}`));
      });
      createInterface({ input: current.stdout! }).on('line', (line) => {
        if (!line.startsWith('JONGODB_URI=')) return;
        clearTimeout(timer);
        resolve();
      });
    });
    timings.startMs = performance.now() - began;
  };

  const stop = async () => {
    if (!isRunning()) return;
    const began = performance.now();
    const force = setTimeout(() => child?.kill('SIGKILL'), 10_000);
    child!.kill('SIGTERM');
    await exited;
    clearTimeout(force);
    timings.stopMs = performance.now() - began;
  };

  await start();
  return { url: `mongodb://127.0.0.1:${port}`, timings, stop, start, close: stop };
}
