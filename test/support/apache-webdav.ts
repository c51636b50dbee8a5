import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './free-port.js';

/** A running Apache httpd serving one folder over WebDAV, laid out like ownCloud. */
export interface ApacheWebDav {
  /** Server base (`http://127.0.0.1:<port>`); the files live under `/remote.php/dav/files/<user>/`. */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** The folder on disk that the WebDAV root maps to. */
  readonly rootDir: string;
  readonly startMs: number;
  stop(): Promise<void>;
}

/** Paths under this folder answer 503, so tests can see a real server-side fault. */
export const FAULT_503_FOLDER = 'fault-503';

const INSTALL_HINT = 'run `apt-get install -y apache2 apache2-utils`';
const READY_DEADLINE_MS = 15_000;
const STOP_DEADLINE_MS = 10_000;
// Distribution conventions (Debian/Ubuntu first); APACHE_MODULES_DIR overrides.
const MODULE_DIRS = ['/usr/lib/apache2/modules', '/usr/lib64/httpd/modules', '/usr/lib/httpd/modules'];
const MODULES = [
  'mpm_event', 'authz_core', 'authn_core', 'authn_file', 'auth_basic', 'authz_user',
  'dav', 'dav_fs', 'alias', 'dir', 'mime', 'setenvif', 'rewrite',
];

function findBinary(names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'];
  for (const dir of dirs) for (const name of names) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

function findModuleDir(): string {
  const candidates = process.env.APACHE_MODULES_DIR ? [process.env.APACHE_MODULES_DIR] : MODULE_DIRS;
  const found = candidates.find((dir) => existsSync(join(dir, 'mod_dav_fs.so')));
  if (!found) throw new Error(`Apache's mod_dav_fs was not found in ${candidates.join(', ')}: ${INSTALL_HINT}`);
  return found;
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

interface Layout {
  dir: string;
  rootDir: string;
  port: number;
  user: string;
  htpasswd: string;
  moduleDir: string;
  runAsWwwData: boolean;
}

function apacheConfig(l: Layout): string {
  const q = (path: string) => JSON.stringify(path);
  const lines = [
    `ServerRoot ${q(l.dir)}`,
    `Listen 127.0.0.1:${l.port}`,
    'ServerName 127.0.0.1',
    `PidFile ${q(join(l.dir, 'httpd.pid'))}`,
    `ErrorLog ${q(join(l.dir, 'error.log'))}`,
    'LogLevel warn',
    `DefaultRuntimeDir ${q(join(l.dir, 'run'))}`,
    `Mutex file:${join(l.dir, 'run')} default`,
    ...MODULES.map((m) => `LoadModule ${m}_module ${q(join(l.moduleDir, `mod_${m}.so`))}`),
    ...(l.runAsWwwData ? ['User www-data', 'Group www-data'] : []),
    // Few workers are plenty for tests and keep the start fast on a shared machine.
    'StartServers 1', 'ServerLimit 2', 'ThreadsPerChild 16', 'MaxRequestWorkers 32',
    'Timeout 60',
    'LimitRequestBody 0',
    `TypesConfig ${q(existsSync('/etc/mime.types') ? '/etc/mime.types' : join(l.dir, 'mime.types'))}`,
    `DocumentRoot ${q(join(l.dir, 'htdocs'))}`,
    `DavLockDB ${q(join(l.dir, 'dav', 'lockdb'))}`,
    `Alias /remote.php/dav/files/${l.user} ${q(l.rootDir)}`,
    `Alias /remote.php/webdav ${q(l.rootDir)}`,
    'RewriteEngine On',
    // A status outside 3xx drops the substitution and ends rewriting: a plain 503.
    `RewriteRule ^/remote\\.php/(dav/files/[^/]+|webdav)/${FAULT_503_FOLDER}(/|$) - [R=503]`,
    `<Directory ${q(l.rootDir)}>`,
    '  Dav On',
    '  Options None',
    '  AllowOverride None',
    '  DirectoryIndex disabled',
    '  AuthType Basic',
    '  AuthName "higia-test"',
    `  AuthUserFile ${q(l.htpasswd)}`,
    '  Require valid-user',
    '</Directory>',
  ];
  return lines.join('\n') + '\n';
}

async function waitUntilListening(port: number, child: ChildProcess, errorLog: string): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = await readFile(errorLog, 'utf8').catch(() => '');
      throw new Error(`apache2 exited (${child.exitCode ?? child.signalCode}) before listening:\n${log.slice(-2000)}`);
    }
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`apache2 did not listen on 127.0.0.1:${port} within ${READY_DEADLINE_MS} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGTERM to the foreground parent makes it stop its children and exit.
    child.kill('SIGTERM');
  });
}

/** Starts Apache in the foreground with its own config in a temp folder; `stop()` removes it all. */
export async function startApacheWebDav(): Promise<ApacheWebDav> {
  const started = performance.now();
  const apache = findBinary(['apache2', 'httpd']);
  const htpasswdBin = findBinary(['htpasswd']);
  if (!apache || !htpasswdBin) throw new Error(`apache2 or htpasswd is not installed: ${INSTALL_HINT}`);
  const moduleDir = findModuleDir();

  const dir = await mkdtemp(join(tmpdir(), 'higia-webdav-'));
  const rootDir = join(dir, 'data');
  const user = `higia-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const htpasswd = join(dir, 'htpasswd');
  // Apache's children run as www-data when started as root: they must reach the data.
  const runAsWwwData = process.getuid?.() === 0;
  for (const sub of ['run', 'dav', 'htdocs', 'data']) await mkdir(join(dir, sub));
  await chmod(dir, 0o755);
  if (runAsWwwData) {
    const wwwData = spawnSync('id', ['-u', 'www-data'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'www-data'], { encoding: 'utf8' });
    if (wwwData.status !== 0) throw new Error('running as root needs a www-data user for Apache\'s workers');
    for (const sub of ['run', 'dav', 'data']) await chown(join(dir, sub), Number(wwwData.stdout), Number(gid.stdout));
  }
  const made = spawnSync(htpasswdBin, ['-bc', htpasswd, user, password], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`htpasswd failed: ${made.stderr}`);
  await chmod(htpasswd, 0o644);
  if (!existsSync('/etc/mime.types')) await writeFile(join(dir, 'mime.types'), '');

  const port = await freePort();
  const conf = join(dir, 'httpd.conf');
  await writeFile(conf, apacheConfig({ dir, rootDir, port, user, htpasswd, moduleDir, runAsWwwData }));
  const child = spawn(apache, ['-f', conf, '-DFOREGROUND'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitUntilListening(port, child, join(dir, 'error.log'));
  } catch (error) {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return {
    url: `http://127.0.0.1:${port}`,
    user,
    password,
    rootDir,
    startMs: performance.now() - started,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
