import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIGIA_BIN, generateClientes } from '../support/run-higia.js';

describe('higia process interrupted', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-interrupt-'));
    await generateClientes(dir, 60_000, 'interrupt-1');
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
});
