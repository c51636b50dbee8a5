/** What the store knows about a file without reading it. */
export interface FileInfo {
  /** Path relative to the store's root, with `/` separators (`work/clientes.csv`). */
  readonly path: string;
  readonly size: number;
  /** Changes whenever the content changes; the idempotency key of a job's input. */
  readonly etag: string;
}

/**
 * Where input files come from and outputs go (ownCloud over WebDAV, or a local folder).
 * Paths are relative to the store's root and already confined (see `confineFileName`).
 * Transient failures (5xx, timeouts, refused connections) throw UpstreamUnavailableError,
 * once the adapter's own retries of the failing request have run out.
 */
export interface FileStore {
  /** NotFoundError if absent. */
  stat(path: string): Promise<FileInfo>;
  /**
   * Streams the file to a local path (never whole in memory); NotFoundError if absent.
   * Resolves only with the whole file: a transfer that ends short of the file's size
   * throws UpstreamUnavailableError (`received N of M bytes`) and leaves nothing at `localPath`.
   */
  download(path: string, localPath: string): Promise<FileInfo>;
  /**
   * Streams bytes [start, end) of the file, as it is at `etag`, to a local path (the parts of a
   * split job each fetch their own byte range of the input). FileChangedError when the file's
   * ETag is no longer `etag`; NotFoundError if absent; a transfer that ends short throws
   * UpstreamUnavailableError after the adapter's retries and leaves nothing at localPath.
   * start === end writes an empty file. RangeError when start > end, start < 0 or end > size.
   */
  downloadRange(path: string, localPath: string, range: { readonly start: number; readonly end: number; readonly etag: string }): Promise<void>;
  /**
   * Uploads a local file to `path` atomically: to a temporary name beside it, then moved
   * into place over any older version. Missing folders are created. Readers never see a
   * partial file. The same as `publishSet([{ localPath, path }], { last: path })`.
   */
  publish(localPath: string, path: string): Promise<void>;
  /**
   * Uploads a set of files so that a reader never sees old and new mixed: a reader that
   * finds `last` (the set's summary), reads the others, then finds the same `last` again,
   * has read one whole set. In order:
   * 1. every file goes to a temporary name beside its destination, derived from the
   *    destination alone (`.<name cut to 40 characters>.<12 hex of sha256(path)>.higia.tmp`),
   *    so the next attempt of any job writing that path reuses what an interrupted one left;
   * 2. the current `last` is removed (no summary reads as "set in progress"; skipped for a
   *    set of one file, whose move replaces it atomically);
   * 3. every other file is moved into place over its older version;
   * 4. every `stale` path (an output of an older set that this one lacks) and its temporary
   *    name are removed;
   * 5. `last` is moved into place.
   * A failure leaves no `last` in place once step 2 ran; calling again with the same set
   * completes it and leaves no temporary file. Missing folders are created. `last` must be
   * one of the files, and no path may be both in the set and stale (TypeError).
   */
  publishSet(files: readonly { readonly localPath: string; readonly path: string }[], options: { readonly last: string; readonly stale?: readonly string[] }): Promise<void>;
  /** Moves a file (the archive option), replacing the destination; creates folders. NotFoundError if `from` is absent. */
  move(from: string, to: string): Promise<void>;
  /** Removes a file, or a folder with everything in it (a split job's scratch folder); absent is no error. */
  remove(path: string): Promise<void>;
  /** Resolves when the store is reachable and authorised (readiness probe). */
  check(): Promise<void>;
}
