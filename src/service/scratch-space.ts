import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A job's local scratch folder (the download and the outputs before upload), named after the
 * worker's PID: `higia-job-<pid>-XXXXXX`. A worker that died (SIGKILL, out of memory) never
 * removed its own; the next worker to start on the same machine sweeps the folders whose
 * process is gone, and only those: several workers may share one temp folder.
 */
const PREFIX = 'higia-job-';
const OWNED = /^higia-job-(\d+)-/;

export function makeScratch(tempDir: string): Promise<string> {
  return mkdtemp(join(tempDir, `${PREFIX}${process.pid}-`));
}

/** Removes the scratch folders of workers that no longer run; returns the names removed. */
export async function sweepDeadScratch(tempDir: string, isAlive: (pid: number) => boolean = processIsAlive): Promise<string[]> {
  const names = await readdir(tempDir).catch(() => [] as string[]);
  const dead = names.filter((name) => {
    const pid = Number(OWNED.exec(name)?.[1]);
    return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid);
  });
  await Promise.all(dead.map((name) => rm(join(tempDir, name), { recursive: true, force: true })));
  return dead;
}

/**
 * Signal 0 checks existence only. EPERM means the PID exists but is another user's: alive.
 * A PID reused by an unrelated process keeps its folder until that process ends too (the safe side).
 */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
