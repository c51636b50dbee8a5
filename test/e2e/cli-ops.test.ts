import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { runHigia, runNode } from '../support/run-higia.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/clientes.csv');

const temps: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `higia-${prefix}-`));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

async function isAnswering(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok;
  } catch {
    return false;
  }
}

async function untilAnswering(url: string, exited: Promise<unknown>, output: () => string, timeoutMs: number): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  while (!(await isAnswering(url))) {
    if (hasExited) throw new Error(`npm start exited before answering:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`no answer from ${url}:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm start', () => {
  it('stops the service when npm gets SIGTERM: no node left listening', async () => {
    const cwd = await tempDir('start');
    const port = await freePort();
    const shutdownTimeoutMs = 5_000;
    // Detached: a new process group, so that a failing run can still be cleaned up whole.
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        STORAGE_DIR: join(cwd, 'storage'),
        REFERENCE_DIR: join(cwd, 'reference'),
        THREADS: '0',
        SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
        LOG_LEVEL: 'warn',
      },
    });
    let output = '';
    npm.stdout!.on('data', (chunk) => (output += chunk));
    npm.stderr!.on('data', (chunk) => (output += chunk));
    const exited = exitOf(npm);
    const health = `http://127.0.0.1:${port}/health`;
    try {
      await untilAnswering(health, exited, () => output, 30_000);
      process.kill(npm.pid!, 'SIGTERM');
      const outcome = await Promise.race([
        exited,
        new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), shutdownTimeoutMs + 5_000)),
      ]);
      expect(outcome, output).not.toBe('timeout');
      expect(await isAnswering(health)).toBe(false);
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // The group is gone: nothing was left behind.
      }
    }
  }, 60_000);
});

describe('higia --version and --help', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runHigia(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('lists every command', async () => {
    const result = await runHigia(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['process', 'serve', 'api', 'worker', 'reference']) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const reference = await runHigia(['reference', '--help']);
    expect(reference.code).toBe(0);
    expect(reference.stdout).toMatch(/^ {2}import \[options\] <dir>/m);
  });
});

describe('exit codes', () => {
  it.each([
    ['an unknown option', ['--bogus'], /unknown option '--bogus'/],
    ['an unknown command', ['nope'], /unknown command 'nope'/],
    ['an unknown option of a command', ['process', EXAMPLE, '--bogus'], /unknown option '--bogus'/],
    ['a missing argument', ['process'], /missing required argument 'input'/],
    ['an invalid option value', ['process', EXAMPLE, '--format', 'docx'], /unknown format docx/],
  ])('exits with 2 on %s', async (_what, args, message) => {
    const result = await runHigia(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  // Tests run as root, which ignores a chmod 555 folder: a path under a file fails for
  // everyone (ENOTDIR), whatever the permissions.
  it('says in one line that the output folder is not writable, and exits with 2', async () => {
    const cwd = await tempDir('out');
    const file = join(cwd, 'a-file');
    await writeFile(file, 'not a folder');
    const out = join(file, 'sub');
    const result = await runHigia(['process', EXAMPLE, '--out', out, '--format', 'csv', '--threads', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`higia: the output folder is not writable: ${out} (ENOTDIR)\n`);
  });
});

describe('the production install (as the Dockerfile builds it)', () => {
  it('processes a file into CSV and PDF, enriched from an indexed reference folder, with dev dependencies left out', async () => {
    const app = await tempDir('prod');
    for (const path of ['package.json', 'package-lock.json', 'dist', 'bin']) await cp(join(ROOT, path), join(app, path), { recursive: true });
    // `prepare` compiles with the dev tools the production install leaves out: the image
    // builds earlier and installs without scripts too.
    const install = await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], app);
    expect(install.code, install.output).toBe(0);
    // The one install script the image runs: better-sqlite3's binding (fetched, or compiled here).
    const sqlite = await run('npm', ['rebuild', 'better-sqlite3', '--no-audit', '--no-fund'], app);
    expect(sqlite.code, sqlite.output).toBe(0);
    await cp(join(ROOT, 'examples', 'reference'), join(app, 'reference'), { recursive: true, filter: (path) => !path.includes('.higia-index') });
    await rm(join(app, 'node_modules/@jongodb'), { recursive: true, force: true });
    expect(await readdir(join(app, 'node_modules/@resvg'))).toContain('resvg-js-linux-x64-gnu');
    expect(await readdir(join(app, 'node_modules'))).not.toContain('vitest');

    const out = join(app, 'out');
    const result = await runNode([join(app, 'bin/higia.js'), 'process', EXAMPLE, '--out', out, '--format', 'csv,pdf', '--threads', '0', '--reference', join(app, 'reference')], {
      cwd: app,
      env: {},
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^reference index: built ceps/m);
    expect(await readFile(join(out, 'clientes_higienizado.csv'), 'utf8')).toMatch(/;sim;/);
    expect((await readdir(out)).sort()).toEqual(['clientes_duplicados.csv', 'clientes_higienizado.csv', 'clientes_rejeitados.csv', 'clientes_relatorio.pdf']);
  }, 480_000);
});

function run(command: string, args: readonly string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => resolve({ code, output }));
  });
}
