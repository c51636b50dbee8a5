import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The index's temp files, all in one folder of their own inside the job's scratch folder, made
 * only when something spills: removing that folder removes everything, whatever state the
 * index was left in.
 */
export class ScratchFiles {
  private folder: Promise<string> | undefined;
  private serial = 0;

  constructor(private readonly parent: string) {}

  /** A fresh file path; the first call makes the folder. */
  async newPath(kind: 'entries' | 'pairs'): Promise<string> {
    this.folder ??= mkdtemp(join(this.parent, 'dedupe-'));
    return join(await this.folder, `${kind}-${this.serial++}.bin`);
  }

  async removeAll(): Promise<void> {
    const folder = await this.folder?.catch(() => undefined);
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  }
}
