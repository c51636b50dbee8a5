import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeScratch, sweepDeadScratch } from './scratch-space.js';

describe('scratch space', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-scratch-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a job folder after this process', async () => {
    const scratch = await makeScratch(dir);
    expect(scratch.startsWith(join(dir, `higia-job-${process.pid}-`))).toBe(true);
  });

  it('sweeps the folders of a worker that died, and keeps those of live ones and unrelated files', async () => {
    // A real process that ran and ended: its PID is free now (or reused, which the sweep treats as alive).
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    const deadFolder = join(dir, `higia-job-${deadPid}-abc123`);
    await mkdir(join(deadFolder, 'input'), { recursive: true });
    await writeFile(join(deadFolder, 'input', 'big.csv'), 'x'.repeat(1000));
    const mine = await makeScratch(dir);
    const parent = join(dir, `higia-job-${process.ppid}-def456`); // the test runner's parent: alive
    await mkdir(parent);
    await mkdir(join(dir, 'higia-job-notapid'));
    await writeFile(join(dir, 'other.txt'), '');

    const removed = await sweepDeadScratch(dir);

    expect(removed).toEqual([`higia-job-${deadPid}-abc123`]);
    expect((await readdir(dir)).sort()).toEqual([mine.slice(dir.length + 1), `higia-job-${process.ppid}-def456`, 'higia-job-notapid', 'other.txt'].sort());
  });

  it('asks about each PID only once per folder and never removes its own', async () => {
    const mine = await makeScratch(dir);
    await mkdir(join(dir, 'higia-job-99999999-x'));
    const asked: number[] = [];
    const removed = await sweepDeadScratch(dir, (pid) => {
      asked.push(pid);
      return false;
    });
    expect(asked).toEqual([99999999]);
    expect(removed).toEqual(['higia-job-99999999-x']);
    expect(await readdir(dir)).toEqual([mine.slice(dir.length + 1)]);
  });

  it('is a no-op on a missing folder', async () => {
    expect(await sweepDeadScratch(join(dir, 'missing'))).toEqual([]);
  });
});
