import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIGIA_BIN, generateClientes } from '../support/run-higia.js';

const MIB = 1024 * 1024;
const NO_NEWLINE_MIB = 64; // four times the default cap on one record

/**
 * Loaded into the CLI with --import: once the CSV reader's stream has read `bytes`, the
 * process sends itself SIGTERM. That puts the signal in the middle of one long record
 * (after 8 MiB of a 16 MiB cap) whatever the machine's load, with no sleeping in the test.
 */
const sigtermAfterRead = (bytes: number) => `
import fs from 'node:fs';
const read = fs.read;
let total = 0;
fs.read = function (...args) {
  const callback = args.pop();
  return read.call(this, ...args, (error, bytesRead, buffer) => {
    if (total < ${bytes} && (total += bytesRead ?? 0) >= ${bytes}) process.kill(process.pid, 'SIGTERM');
    callback(error, bytesRead, buffer);
  });
};
`;

function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, args);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr }));
}

describe('higia process interrupted', () => {
  let dir: string;
  let noNewline: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-interrupt-'));
    await generateClientes(dir, 60_000, 'interrupt-1');
    noNewline = join(dir, 'no-newline.csv');
    const file = await open(noNewline, 'w');
    await file.write('Nome;CPF;Telefone;Observação\n');
    const block = Buffer.alloc(MIB, 'Ana Maria da Silva;123.456.789-09;(11) 98765-4321;');
    for (let i = 0; i < NO_NEWLINE_MIB; i++) await file.write(block);
    await file.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops on SIGINT and leaves nothing half-written in the output folder', async () => {
    const out = join(dir, 'out');
    await mkdir(out);
    const started = new Promise<void>((resolve) => {
      const watcher = watch(out, () => {
        watcher.close();
        resolve();
      });
    });
    const child = spawn(process.execPath, [HIGIA_BIN, 'process', join(dir, 'clientes.csv'), '--out', out, '--no-progress']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await started; // the job's hidden work folder appeared: it is writing
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toMatch(/interrupted/);
    expect(code).toBe(1);
    expect(await readdir(out)).toEqual([]);
  });

  it('stops on SIGTERM in the middle of one long record of a file with no newline', async () => {
    const out = join(dir, 'out-sigterm');
    await mkdir(out);
    const hook = join(dir, 'sigterm-after-read.mjs');
    await writeFile(hook, sigtermAfterRead(8 * MIB));
    const { code, stderr } = await runCli(['--import', pathToFileURL(hook).href, HIGIA_BIN, 'process', noNewline, '--out', out, '--no-progress']);
    expect(stderr).toMatch(/interrupted/);
    expect(code).toBe(1);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses a file with no newline at the record cap instead of holding it all', async () => {
    const out = join(dir, 'out-cap');
    await mkdir(out);
    const { code, stderr } = await runCli([HIGIA_BIN, 'process', noNewline, '--out', out, '--no-progress']);
    expect(stderr).toMatch(/the record starting on line 2 is longer than 16 MB; is the delimiter or the quoting wrong\?/);
    expect(code).toBe(2); // not retryable: the same file fails the same way
    expect(await readdir(out)).toEqual([]);
  });
});
