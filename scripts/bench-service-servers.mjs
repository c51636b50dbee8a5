/* global setTimeout, clearTimeout */
// The servers `npm run bench:service` starts for itself: Apache with mod_dav laid out like
// ownCloud (the configuration of test/support/apache-webdav.ts) and the MongoDB stand-in
// (as test/support/jongodb.ts). Each registers its own stop in `cleanups`.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect as connectTcp, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, what) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    const open = await new Promise((resolve) => {
      const socket = connectTcp(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not listen on ${port}`);
}

function binary(names) {
  return [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin'].flatMap((dir) => names.map((name) => join(dir, name))).find((path) => existsSync(path));
}

/** Apache with mod_dav under `/remote.php/dav/files/<user>/`, Basic auth: the configuration of test/support/apache-webdav.ts. */
export async function startApache(id, cleanups) {
  const apache = binary(['apache2', 'httpd']);
  const htpasswd = binary(['htpasswd']);
  const moduleDir = [process.env.APACHE_MODULES_DIR, '/usr/lib/apache2/modules', '/usr/lib64/httpd/modules', '/usr/lib/httpd/modules'].find(
    (dir) => dir && existsSync(join(dir, 'mod_dav_fs.so')),
  );
  if (!apache || !htpasswd || !moduleDir) throw new Error('Apache with mod_dav is needed: bash scripts/install-test-services.sh');
  const dir = mkdtempSync(join(tmpdir(), 'higia-bench-webdav-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const rootDir = join(dir, 'data');
  for (const sub of ['run', 'dav', 'htdocs', 'data']) mkdirSync(join(dir, sub));
  chmodSync(dir, 0o755);
  const user = `bench-${id}`;
  const password = randomBytes(12).toString('base64url');
  execFileSync(htpasswd, ['-bc', join(dir, 'htpasswd'), user, password], { stdio: 'ignore' });
  chmodSync(join(dir, 'htpasswd'), 0o644);
  // As root, Apache's children run as www-data, which must own what it writes to.
  const asRoot = process.getuid?.() === 0;
  const wwwData = asRoot ? { uid: Number(execFileSync('id', ['-u', 'www-data'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'www-data'], { encoding: 'utf8' })) } : undefined;
  const giveToServer = (path) => {
    if (!wwwData) return;
    chownSync(path, wwwData.uid, wwwData.gid);
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) giveToServer(join(path, entry.name));
      else chownSync(join(path, entry.name), wwwData.uid, wwwData.gid);
    }
  };
  for (const sub of ['run', 'dav', 'data']) giveToServer(join(dir, sub));
  const port = await freePort();
  const q = (path) => JSON.stringify(path);
  const modules = ['mpm_event', 'authz_core', 'authn_core', 'authn_file', 'auth_basic', 'authz_user', 'dav', 'dav_fs', 'alias', 'dir', 'mime', 'setenvif'];
  const mimeTypes = existsSync('/etc/mime.types') ? '/etc/mime.types' : join(dir, 'mime.types');
  if (!existsSync(mimeTypes)) writeFileSync(mimeTypes, '');
  const conf = [
    `ServerRoot ${q(dir)}`,
    `Listen 127.0.0.1:${port}`,
    'ServerName 127.0.0.1',
    `PidFile ${q(join(dir, 'httpd.pid'))}`,
    `ErrorLog ${q(join(dir, 'error.log'))}`,
    'LogLevel warn',
    `DefaultRuntimeDir ${q(join(dir, 'run'))}`,
    `Mutex file:${join(dir, 'run')} default`,
    ...modules.map((m) => `LoadModule ${m}_module ${q(join(moduleDir, `mod_${m}.so`))}`),
    ...(asRoot ? ['User www-data', 'Group www-data'] : []),
    'StartServers 1', 'ServerLimit 2', 'ThreadsPerChild 16', 'MaxRequestWorkers 32',
    'Timeout 60',
    'LimitRequestBody 0',
    `TypesConfig ${q(mimeTypes)}`,
    `DocumentRoot ${q(join(dir, 'htdocs'))}`,
    `DavLockDB ${q(join(dir, 'dav', 'lockdb'))}`,
    `Alias /remote.php/dav/files/${user} ${q(rootDir)}`,
    `<Directory ${q(rootDir)}>`,
    '  Dav On', '  Options None', '  AllowOverride None', '  DirectoryIndex disabled',
    '  AuthType Basic', '  AuthName "higia-bench"', `  AuthUserFile ${q(join(dir, 'htpasswd'))}`, '  Require valid-user',
    '</Directory>',
  ].join('\n');
  writeFileSync(join(dir, 'httpd.conf'), `${conf}\n`);
  const child = spawn(apache, ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  });
  await waitForPort(port, child, 'apache2');
  return { url: `http://127.0.0.1:${port}`, user, password, rootDir, giveToServer };
}

/** The MongoDB wire-compatible test server from npm, on a free port. */
export async function startJongodb(cleanups) {
  const manifest = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  const binaryPath = join(dirname(manifest), require(manifest).jongodb?.binary ?? 'bin/jongodb');
  const port = await freePort();
  const child = spawn(binaryPath, ['--host=127.0.0.1', `--port=${port}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('jongodb did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`jongodb exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^JONGODB_URI=(\S+)/.exec(line.trim());
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
  });
}
