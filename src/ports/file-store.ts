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
 * Transient failures (5xx, timeouts, refused connections) throw UpstreamUnavailableError.
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
   * Uploads a local file to `path` atomically: to a temporary name beside it, then moved
   * into place over any older version. Missing folders are created. Readers never see a
   * partial file.
   */
  publish(localPath: string, path: string): Promise<void>;
  /** Moves a file (the archive option), replacing the destination; creates folders. NotFoundError if `from` is absent. */
  move(from: string, to: string): Promise<void>;
  /** Resolves when the store is reachable and authorised (readiness probe). */
  check(): Promise<void>;
}
