import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * A RabbitMQ node of a test's own, beside the machine's shared one: a test may stop and
 * start it at will. Its data lives in a temp folder that survives stopNode/startNode, so
 * durable queues and persistent messages come back as they would on a real restart.
 */
export interface PrivateRabbitMq {
  /** `amqp://guest:guest@127.0.0.1:<port>` */
  readonly url: string;
  readonly nodeName: string;
  readonly port: number;
  /** The temp folder with its config, data and logs (removed by close()). */
  readonly dir: string;
  /** `rabbitmqctl stop_app`: the Erlang node stays up, every AMQP connection is closed. */
  stopApp(): Promise<void>;
  startApp(): Promise<void>;
  /** `rabbitmqctl stop`, then waits for the OS process to be gone. */
  stopNode(): Promise<void>;
  /** Starts the node again on the same ports and data folder, and waits until it boots. */
  startNode(): Promise<void>;
  /** Stops the node (killing it if it won't stop) and removes its folders. */
  close(): Promise<void>;
  /** Runs rabbitmqctl against this node (`-n` is added) and returns its stdout. */
  ctl(args: readonly string[]): Promise<string>;
  /** How long the last start and stop took, for the test's report. */
  readonly timings: { startMs: number; stopMs: number };
}

const BOOT_DEADLINE_MS = 60_000;
const STOP_DEADLINE_MS = 30_000;
const CTL_TIMEOUT_MS = 60_000;
// The Debian wrapper in /usr/sbin su's to the rabbitmq user behind a shell; the scripts it
// runs are started here directly (as that user when root) so the node is our own child.
const SCRIPT_DIRS = ['/usr/lib/rabbitmq/bin'];

interface RunAs {
  uid?: number;
  gid?: number;
  home: string;
}

/**
 * Kills `pid` (its whole group with `group`) and removes `dir` once this process is gone,
 * from a detached shell that polls for it: vitest ends its test processes with a signal, so
 * no exit hook would run. The returned function cancels it, after a normal stop.
 */
export function reapWhenThisProcessDies(pid: number, options: { group?: boolean; dir?: string } = {}): () => void {
  const target = options.group ? `-${pid}` : String(pid);
  const removal = options.dir ? `; rm -rf '${options.dir.replaceAll("'", "'\\''")}'` : '';
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -KILL ${target} 2>/dev/null${removal}`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return () => {
    try {
      process.kill(watchdog.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
}

/** Nodes still running in this process, killed on exit so a failed test leaves none behind. */
const live = new Set<{ pgid(): number | undefined; dir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const node of live) {
      const pgid = node.pgid();
      if (pgid !== undefined) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(node.dir, { recursive: true, force: true });
    }
  });
}

function findScriptsDir(): string {
  const candidates = [process.env.RABBITMQ_SCRIPTS_DIR, ...SCRIPT_DIRS].filter((d): d is string => Boolean(d));
  const found = candidates.find((d) => existsSync(join(d, 'rabbitmq-server')) && existsSync(join(d, 'rabbitmqctl')));
  if (found) return found;
  // A generic-unix install puts the real scripts on PATH.
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'rabbitmq-server')) && !readFileSync(join(dir, 'rabbitmq-server'), 'utf8').includes('su rabbitmq')) return dir;
  }
  throw new Error('rabbitmq-server was not found (apt-get install rabbitmq-server, or set RABBITMQ_SCRIPTS_DIR)');
}

/** As root the node runs as the `rabbitmq` user with its HOME, so it shares that user's Erlang cookie with rabbitmqctl. */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { home: process.env.HOME ?? homedir() };
  const entry = spawnSync('getent', ['passwd', 'rabbitmq'], { encoding: 'utf8' });
  if (entry.status !== 0) throw new Error('running as root needs a rabbitmq user (the Debian package creates it)');
  const [, , uid, gid, , home] = entry.stdout.trim().split(':');
  return { uid: Number(uid), gid: Number(gid), home: home! };
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The distribution port, below the kernel's ephemeral range (32768+) so neither it nor
 * the CLI tools' range (dist + 10000 … + 10010) is taken by some client socket meanwhile.
 */
async function freeDistPort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = 10_000 + Math.floor(Math.random() * 9_900);
    if (port === 15_672 || !(await isPortFree(port))) continue;
    if (await isPortFree(port + 10_000)) return port;
  }
  throw new Error('no free port for the RabbitMQ distribution');
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

function configFile(port: number, consumerTimeoutMs: number | undefined): string {
  const lines = [
    `listeners.tcp.local = 127.0.0.1:${port}`,
    // guest may connect: the node only listens on loopback.
    'loopback_users = none',
    'log.console = false',
    'log.file.level = warning',
  ];
  if (consumerTimeoutMs !== undefined) lines.push(`consumer_timeout = ${consumerTimeoutMs}`);
  return lines.join('\n') + '\n';
}

/** Starts a node with its own name, ports, config and data folder, and waits until it serves AMQP. */
export async function startPrivateRabbitMq(options: { consumerTimeoutMs?: number } = {}): Promise<PrivateRabbitMq> {
  const scripts = findScriptsDir();
  const user = runAs();
  const id = randomBytes(4).toString('hex');
  const nodeName = `higia-test-${id}@localhost`;
  const port = await freePort();
  const distPort = await freeDistPort();
  const dir = await mkdtemp(join(tmpdir(), 'higia-rabbitmq-'));
  await chmod(dir, 0o755);
  for (const sub of ['mnesia', 'log']) await mkdir(join(dir, sub));
  await writeFile(join(dir, 'rabbitmq.conf'), configFile(port, options.consumerTimeoutMs));
  await writeFile(join(dir, 'enabled_plugins'), '[].\n');
  // Its own env file, so the machine's /etc/rabbitmq/rabbitmq-env.conf (NODENAME=…) does not apply.
  await writeFile(join(dir, 'rabbitmq-env.conf'), 'ERL_EPMD_ADDRESS=127.0.0.1\n');
  if (user.uid !== undefined) {
    for (const path of [dir, join(dir, 'mnesia'), join(dir, 'log'), join(dir, 'rabbitmq.conf'), join(dir, 'enabled_plugins'), join(dir, 'rabbitmq-env.conf')]) {
      await chown(path, user.uid, user.gid!);
    }
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: user.home,
    LANG: 'C.UTF-8',
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_CTL_DIST_PORT_MIN: String(distPort + 10_000),
    RABBITMQ_CTL_DIST_PORT_MAX: String(distPort + 10_010),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: join(dir, 'mnesia', 'node.pid'),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };
  const asUser = user.uid === undefined ? {} : { uid: user.uid, gid: user.gid };

  const ctl = (args: readonly string[], timeoutMs = CTL_TIMEOUT_MS): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(join(scripts, 'rabbitmqctl'), ['-n', nodeName, ...args], { env, cwd: dir, timeout: timeoutMs, encoding: 'utf8', ...asUser }, (error, stdout, stderr) => {
        if (error) reject(new Error(`rabbitmqctl ${args.join(' ')} failed: ${error.message}\n${stderr}`, { cause: error }));
        else resolve(stdout);
      });
    });

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  const timings = { startMs: 0, stopMs: 0 };
  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const handle = { pgid: () => (isRunning() ? child!.pid : undefined), dir };
  installExitHook();
  live.add(handle);

  const startNode = async () => {
    if (isRunning()) throw new Error(`${nodeName} is already running`);
    const began = performance.now();
    output = '';
    // Its own process group: close() can kill the shell, beam and its helpers at once.
    child = spawn(join(scripts, 'rabbitmq-server'), [], { env, cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...asUser });
    const current = child;
    const cancelReaper = current.pid === undefined ? () => {} : reapWhenThisProcessDies(current.pid, { group: true, dir });
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
    current.stdout!.on('data', keep);
    current.stderr!.on('data', keep);
    exited = new Promise((resolve) =>
      current.once('exit', () => {
        cancelReaper();
        resolve();
      }),
    );
    const deadline = Date.now() + BOOT_DEADLINE_MS;
    // The AMQP listener opens last in the boot; await_startup then confirms the app is up.
    while (!(await canConnect(port))) {
      if (!isRunning()) throw new Error(`${nodeName} exited before listening:\n${output}\n${await logTail(dir, nodeName)}`);
      if (Date.now() > deadline) throw new Error(`${nodeName} did not listen on ${port} within ${BOOT_DEADLINE_MS} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await ctl(['await_startup', '--timeout', '60']);
    timings.startMs = performance.now() - began;
  };

  const killGroup = () => {
    if (!isRunning()) return;
    try {
      process.kill(-child!.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  const stopNode = async () => {
    if (!isRunning()) return;
    const began = performance.now();
    const force = setTimeout(killGroup, STOP_DEADLINE_MS);
    try {
      await ctl(['stop'], STOP_DEADLINE_MS).catch(killGroup);
      await exited;
    } finally {
      clearTimeout(force);
    }
    timings.stopMs = performance.now() - began;
  };

  const node: PrivateRabbitMq = {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    nodeName,
    port,
    dir,
    timings,
    ctl: (args) => ctl(args),
    async stopApp() {
      await ctl(['stop_app']);
    },
    async startApp() {
      await ctl(['start_app']);
      await ctl(['await_startup', '--timeout', '60']);
    },
    stopNode,
    startNode,
    async close() {
      try {
        await stopNode();
      } finally {
        killGroup();
        await exited;
        live.delete(handle);
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    await startNode();
  } catch (error) {
    await node.close();
    throw error;
  }
  return node;
}

async function logTail(dir: string, nodeName: string): Promise<string> {
  const log = await readFile(join(dir, 'log', `${nodeName}.log`), 'utf8').catch(() => '');
  return log.slice(-4000);
}
