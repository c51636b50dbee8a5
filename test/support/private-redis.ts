import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { reapWhenThisProcessDies } from './private-rabbitmq.js';

/** A redis-server of a test's own (no persistence), which the test may stop and start again on the same port. */
export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The server's pid while it runs. */
  readonly pid: number | undefined;
  /** SIGTERM, then waits for the process to exit (SIGKILL past the deadline). Its data is gone. */
  stop(): Promise<void>;
  /** Starts a new server on the same port and waits until it accepts connections. */
  start(): Promise<void>;
  close(): Promise<void>;
  readonly timings: { startMs: number; stopMs: number };
}

const READY_DEADLINE_MS = 15_000;
const STOP_DEADLINE_MS = 10_000;

/** Servers (and folders) of this process, killed and removed on exit so a failed test leaves none behind. */
const running = new Set<ChildProcess>();
const folders = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'higia-redis-'));
  folders.add(dir);
  const timings = { startMs: 0, stopMs: 0 };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  installExitHook();

  const start = async () => {
    if (isRunning()) throw new Error(`redis on ${port} is already running`);
    const began = performance.now();
    output = '';
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir];
    const current = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = current;
    running.add(current);
    const cancelReaper = current.pid === undefined ? () => {} : reapWhenThisProcessDies(current.pid, { dir });
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    current.stdout!.on('data', keep);
    current.stderr!.on('data', keep);
    exited = new Promise((resolve) =>
      current.once('exit', () => {
        cancelReaper();
        running.delete(current);
        resolve();
      }),
    );
    const spawnError = new Promise<never>((_, reject) => current.once('error', (e) => reject(new Error(`redis-server could not start: ${e.message}`, { cause: e }))));
    const deadline = Date.now() + READY_DEADLINE_MS;
    const ready = (async () => {
      while (!(await canConnect(port))) {
        if (!isRunning()) throw new Error(`redis-server exited before listening on ${port}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port} within ${READY_DEADLINE_MS} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await Promise.race([ready, spawnError]);
    timings.startMs = performance.now() - began;
  };

  const stop = async () => {
    if (!isRunning()) return;
    const began = performance.now();
    const force = setTimeout(() => child?.kill('SIGKILL'), STOP_DEADLINE_MS);
    child!.kill('SIGTERM');
    await exited;
    clearTimeout(force);
    timings.stopMs = performance.now() - began;
  };

  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return isRunning() ? child!.pid : undefined;
    },
    timings,
    stop,
    start,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
      folders.delete(dir);
    },
  };
  try {
    await start();
  } catch (error) {
    await redis.close();
    throw error;
  }
  return redis;
}
