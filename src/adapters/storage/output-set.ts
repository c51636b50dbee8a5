import { createHash } from 'node:crypto';
import { posix } from 'node:path';

export interface OutputFile {
  readonly localPath: string;
  readonly path: string;
}

export interface OutputSetPlan {
  /** Every file but `last`, in the caller's order. */
  readonly others: readonly OutputFile[];
  readonly last: OutputFile;
  readonly stale: readonly string[];
}

/**
 * The temporary store path a file is uploaded to before it is moved over `path`: hidden,
 * beside it, and derived from `path` alone, so that the next attempt of any job writing
 * `path` overwrites (and then moves or removes) what an interrupted one left. Not `.part`:
 * ownCloud drops `*.part` files from its index and Nextcloud refuses to upload them (their
 * own uploads use the suffix). The name is cut to 40 characters (not UTF-16 units, so no
 * pair is split) so that the whole fits the 255-byte limit of the server's file system.
 */
export function temporaryPathFor(path: string): string {
  const name = Array.from(posix.basename(path)).slice(0, 40).join('');
  const digest = createHash('sha256').update(path).digest('hex').slice(0, 12);
  return posix.join(posix.dirname(path), `.${name}.${digest}.higia.tmp`);
}

/** Checks a set once, up front: a mistake here would publish a set that readers take as whole. */
export function planOutputSet(files: readonly OutputFile[], options: { readonly last: string; readonly stale?: readonly string[] }): OutputSetPlan {
  const paths = new Set<string>();
  for (const file of files) {
    if (paths.has(file.path)) throw new TypeError(`publishSet: ${file.path} appears twice in the set`);
    paths.add(file.path);
  }
  const last = files.find((file) => file.path === options.last);
  if (last === undefined) throw new TypeError(`publishSet: last (${options.last}) is not one of the files`);
  const stale = [...new Set(options.stale ?? [])];
  const kept = stale.find((path) => paths.has(path));
  if (kept !== undefined) throw new TypeError(`publishSet: ${kept} is both in the set and stale`);
  return { others: files.filter((file) => file !== last), last, stale };
}

/**
 * Runs `work` on every item, at most `limit` at a time, started in order. After a failure no
 * further item starts, and the call settles only once those in flight have, with the first
 * error: the next step of a set (or its clean-up) never overlaps a request still running.
 */
export async function eachAtMost<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure !== undefined) throw failure.error;
}
