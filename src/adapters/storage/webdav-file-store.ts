import { createReadStream } from 'node:fs';
import { stat as statLocal, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createClient, type FileStat, type Response, type ResponseDataDetailed, type WebDAVClient } from 'webdav';
import { redactCredentials } from '../../redact-credentials.js';
import { ConfigError, NotFoundError, UpstreamUnavailableError } from '../../errors.js';
import type { FileInfo, FileStore } from '../../ports/file-store.js';
import { retryTransient, type RetryEvent, type RetryPolicy } from '../../retry/retry-transient.js';
import { IdleDeadline, onEachChunk } from './idle-deadline.js';
import { eachAtMost, planOutputSet, temporaryPathFor, type OutputFile } from './output-set.js';
import { checkRangeAgainst, checkRangeShape, type ByteRange } from './byte-range.js';
import { downloadRangeWithResume, downloadWithResume, normalizeEtag, type RequestAttempt } from './webdav-download.js';
import { WebDavRequestError, failedMembersError, isRepeatable, retryAfterMsOf, statusOf, toStoreError } from './webdav-errors.js';

export { WebDavRequestError } from './webdav-errors.js';

export interface WebDavFileStoreOptions {
  /** The ownCloud server (`http://host:8080`), or its WebDAV root (`…/remote.php/dav/files/<user>` or `…/remote.php/webdav`). */
  url: string;
  user: string;
  password: string;
  /** The longest the server may stay silent during one request (not the whole transfer). */
  timeoutMs?: number;
  /** How each request is retried; see DEFAULT_RETRY. */
  retry?: Partial<RetryPolicy>;
  /** Told before each retry; `operation` is stat, download, upload, move, mkcol or delete. */
  onRetry?: (event: RetryEvent) => void;
  /** Requests of one step of a publishSet (the PUTs, the MOVEs, the DELETEs) sent at once; see PARALLEL_REQUESTS. */
  parallelRequests?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Per request, not per operation: a download's PROPFIND and GET each get their own. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 200, maxDelayMs: 10_000, budgetMs: 60_000 };
/** The readiness probe answers for now: it does not wait out a retry budget. */
const PROBE_POLICY: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, budgetMs: 0 };
/**
 * The requests of a publishSet step go this many at a time: a small job's seven outputs
 * (~200 KB) took a p50 of 18–37 ms one request after another on the test Apache (loaded
 * 2-core machine), 13–22 ms four at a time, 12–26 ms seven at a time. Four also keeps one
 * worker from taking every connection the server has.
 */
const PARALLEL_REQUESTS = 4;
const DAV_ROOT = /\/remote\.php\/(webdav|dav\/files\/[^/]+)$/;

/**
 * The WebDAV root of the user's files. A bare server URL gets `/remote.php/dav/files/<user>/`;
 * a URL that already ends in a files root (any user id: ownCloud's id may differ from the
 * login) or in the legacy `/remote.php/webdav` is kept.
 */
export function davRootUrl(url: string, user: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigError(`the ownCloud URL is not a URL: ${redactCredentials(url)}`, { cause: error });
  }
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  const path = parsed.pathname.replace(/\/+$/, '');
  parsed.pathname = DAV_ROOT.test(path) ? `${path}/` : `${path}/remote.php/dav/files/${encodeURIComponent(user)}/`;
  return parsed.toString();
}

async function localSizeOf(localPath: string): Promise<number> {
  try {
    return (await statLocal(localPath)).size;
  } catch (error) {
    throw new NotFoundError(`local file ${localPath} cannot be read`, { cause: error });
  }
}

/**
 * A FileStore on ownCloud (or any WebDAV server) through the `webdav` client. Paths are
 * relative to the user's files root; the client percent-encodes each segment.
 *
 * Every request is one that may be sent again (PROPFIND, GET, PUT to a temporary name,
 * MOVE with `Overwrite: T`, MKCOL, DELETE), so each is retried on its own when it fails
 * transiently (5xx but 507, 408, 423, 429, an idle timeout, a reset or refused connection),
 * after a full-jitter backoff that honours `Retry-After`: one lost request no longer fails
 * the whole job. The answers a retry could have caused are read as success: MKCOL 405 (the
 * folder exists), DELETE 404 (gone), and a MOVE whose source is gone while the destination
 * has the moved size (the first MOVE ran but its answer was lost).
 */
export class WebDavFileStore implements FileStore {
  private readonly client: WebDAVClient;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly parallel: number;
  /**
   * Folders this store made or found (MKCOL 201/405), so that a job's upload does not ask
   * again: one MKCOL per folder per process. A folder deleted on the server since shows as a
   * PUT answered 409 (its parent is missing); the upload then forgets what it knew, makes the
   * folders again and sends the PUT once more.
   */
  private readonly knownFolders = new Set<string>();
  private readonly foldersInTheMaking = new Map<string, Promise<void>>();
  /** The files root without credentials, for messages. */
  readonly rootUrl: string;

  constructor(private readonly options: WebDavFileStoreOptions) {
    this.rootUrl = davRootUrl(options.url, options.user);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.parallel = options.parallelRequests ?? PARALLEL_REQUESTS;
    this.client = createClient(this.rootUrl, { username: options.user, password: options.password });
  }

  stat(path: string): Promise<FileInfo> {
    return this.request('stat', path, ({ deadline }) => this.propfindFile(path, deadline));
  }

  /**
   * The PROPFIND first tells a folder from a file and gives the size the download must
   * reach; the info returned describes the bytes received, with the GET's own ETag (the
   * same validator PROPFIND reports, on ownCloud and Apache), so a replacement racing the
   * download can't pair new bytes with an old tag.
   */
  async download(path: string, localPath: string): Promise<FileInfo> {
    const before = await this.stat(path);
    return downloadWithResume(this.client, this.request.bind(this), before, localPath);
  }

  /**
   * The PROPFIND first, as for download: a missing or changed file is told without a GET,
   * and its size bounds the range. The GET is held to the same ETag (see downloadRangeWithResume).
   */
  async downloadRange(path: string, localPath: string, range: ByteRange): Promise<void> {
    checkRangeShape(range);
    const expected = { ...range, etag: normalizeEtag(range.etag) ?? '' };
    checkRangeAgainst(await this.stat(path), expected);
    if (range.start === range.end) return writeFile(localPath, '');
    await downloadRangeWithResume(this.client, this.request.bind(this), path, localPath, expected);
  }

  publish(localPath: string, path: string): Promise<void> {
    return this.publishSet([{ localPath, path }], { last: path });
  }

  async publishSet(files: readonly OutputFile[], options: { readonly last: string; readonly stale?: readonly string[] }): Promise<void> {
    const { others, last, stale } = planOutputSet(files, options);
    const sizes = new Map(await Promise.all(files.map(async (file) => [file.path, await localSizeOf(file.localPath)] as const)));
    const sizeOf = (file: OutputFile) => sizes.get(file.path)!;
    for (const folder of new Set(files.map((file) => posix.dirname(file.path)))) await this.ensureFolder(folder);
    const uploaded = new Set<string>();
    // The steps follow each other as the port orders them; the requests within a step go in parallel.
    try {
      await eachAtMost([...others, last], this.parallel, async (file) => {
        uploaded.add(temporaryPathFor(file.path));
        await this.uploadIntoFolder(file.localPath, file.path, sizeOf(file));
      });
      // No summary reads as "set in progress"; with one file, the MOVE alone replaces it atomically.
      if (others.length > 0) await this.deleteIfPresent(last.path);
      await eachAtMost(others, this.parallel, async (file) => {
        await this.moveIntoPlace(temporaryPathFor(file.path), file.path, sizeOf(file));
        uploaded.delete(temporaryPathFor(file.path));
      });
      await eachAtMost(stale, this.parallel, async (path) => {
        await this.deleteIfPresent(path);
        await this.deleteIfPresent(temporaryPathFor(path));
      });
      await this.moveIntoPlace(temporaryPathFor(last.path), last.path, sizeOf(last));
    } catch (error) {
      await this.removeQuietly(uploaded);
      throw error;
    }
  }

  /** The source is stat'ed first: its size tells a retried MOVE that already ran from one that did not. */
  async move(from: string, to: string): Promise<void> {
    const { size } = await this.stat(from);
    // Folders first: a MOVE into a missing folder is 409 on ownCloud but 500 on Apache (which
    // would be retried as transient), so the archive's folder is asked for every time.
    this.forgetFolders();
    await this.ensureFolder(posix.dirname(to));
    await this.moveIntoPlace(from, to, size);
  }

  /** One DELETE: on a folder it removes everything in it (WebDAV DELETE is recursive). */
  async remove(path: string): Promise<void> {
    this.forgetFolders(); // the folder, or one below it, may be one this store knew
    await this.deleteIfPresent(path);
  }

  async check(): Promise<void> {
    try {
      await this.request(
        'check',
        '/',
        async ({ deadline }) => {
          const root = (await this.client.stat('/', { signal: deadline.signal })) as FileStat;
          if (root.type !== 'directory') throw new ConfigError(`${this.rootUrl} is not a WebDAV folder`);
        },
        PROBE_POLICY,
      );
    } catch (error) {
      if (error instanceof NotFoundError) throw new ConfigError(`no WebDAV folder at ${this.rootUrl}: check the ownCloud URL and user`, { cause: error });
      throw error;
    }
  }

  private async propfindFile(path: string, deadline: IdleDeadline): Promise<FileInfo> {
    const { data } = (await this.client.stat(path, { details: true, signal: deadline.signal })) as ResponseDataDetailed<FileStat>;
    deadline.touch();
    if (data.type !== 'file') throw new NotFoundError(`${path} is a folder, not a file`);
    // The client's XML parser may turn an unquoted numeric ETag into a number: read the raw prop.
    const etag = normalizeEtag(data.props?.getetag ?? data.etag) ?? `${data.size}-${data.lastmod}`;
    return { path, size: data.size, etag };
  }

  /** A PUT into a folder deleted since this store made it (409) makes the folders again and is sent once more. */
  private async uploadIntoFolder(localPath: string, path: string, size: number): Promise<void> {
    try {
      await this.upload(localPath, path, size);
    } catch (error) {
      if (!(error instanceof WebDavRequestError && error.status === 409)) throw error;
      this.forgetFolders();
      await this.ensureFolder(posix.dirname(path));
      await this.upload(localPath, path, size);
    }
  }

  /** PUT to the temporary name of `path`: a repeated PUT overwrites the same name. */
  private upload(localPath: string, path: string, size: number): Promise<void> {
    return this.request('upload', path, async ({ deadline }) => {
      const source = createReadStream(localPath);
      let readFailure: unknown;
      source.once('error', (error) => (readFailure = error));
      const body = onEachChunk(() => deadline.touch());
      pipeline(source, body).catch(() => undefined); // a read error destroys `body`, which fails the request
      try {
        // An explicit length: ownCloud behind some proxies refuses chunked uploads.
        await this.client.putFileContents(temporaryPathFor(path), body, { headers: { 'Content-Length': String(size) }, signal: deadline.signal });
      } catch (error) {
        if (readFailure !== undefined) throw new NotFoundError(`local file ${localPath} cannot be read`, { cause: readFailure });
        throw error;
      } finally {
        body.destroy(); // a request refused before reading the body would leave the file open
      }
    });
  }

  private moveIntoPlace(from: string, to: string, size: number): Promise<void> {
    return this.request('move', from, async ({ deadline, attempt }) => {
      try {
        await this.client.moveFile(from, to, { overwrite: true, signal: deadline.signal });
      } catch (error) {
        // A reset after the server moved the file: the retry finds no source, the destination tells.
        if (attempt > 1 && statusOf(error) === 404 && (await this.sizeIfPresent(to, deadline)) === size) return;
        throw error;
      }
    });
  }

  private async sizeIfPresent(path: string, deadline: IdleDeadline): Promise<number | undefined> {
    try {
      const found = (await this.client.stat(path, { signal: deadline.signal })) as FileStat;
      return found.type === 'file' ? found.size : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * Absent is fine: a retried DELETE finds nothing after the first one ran. A folder some of
   * whose members could not go is answered 207 with their statuses (Apache deletes the rest):
   * a failure, which the client would count as success.
   */
  private deleteIfPresent(path: string): Promise<void> {
    return this.request('delete', path, async ({ deadline }) => {
      let response: Response;
      try {
        response = await this.client.customRequest(path, { method: 'DELETE', signal: deadline.signal });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
        return;
      }
      if (response.status === 207) throw failedMembersError(path, await response.text());
      await response.arrayBuffer(); // drained: the keep-alive connection goes back to the pool
    });
  }

  /** Best effort, once each, and only while the server answers: the failure being reported is the one that matters. */
  private async removeQuietly(paths: Iterable<string>): Promise<void> {
    for (const path of paths) {
      const removed = await this.request('delete', path, ({ deadline }) => this.client.deleteFile(path, { signal: deadline.signal }), PROBE_POLICY).then(
        () => true,
        (error: unknown) => error instanceof NotFoundError,
      );
      if (!removed) return;
    }
  }

  /**
   * MKCOL from the deepest level up: one request when the parent exists (405), more only when
   * missing (409); none for a folder known to exist (see knownFolders).
   */
  private ensureFolder(folder: string): Promise<void> {
    if (folder === '.' || this.knownFolders.has(folder)) return Promise.resolve();
    // The parallel PUTs of a set that find their folder gone all ask for it: one MKCOL serves them.
    let making = this.foldersInTheMaking.get(folder);
    if (!making) {
      making = this.makeFolders(folder).finally(() => this.foldersInTheMaking.delete(folder));
      this.foldersInTheMaking.set(folder, making);
    }
    return making;
  }

  private async makeFolders(folder: string): Promise<void> {
    const created = await this.makeFolder(folder);
    if (created === 409) {
      this.forgetFolders(); // a folder above it is gone too
      await this.ensureFolder(posix.dirname(folder));
      const again = await this.makeFolder(folder);
      if (again === 409) throw new WebDavRequestError(409, `cannot create folder ${folder}: its parent is missing`);
    }
    // Made or found: so are the folders above it.
    for (let known = folder; known !== '.' && !this.knownFolders.has(known); known = posix.dirname(known)) this.knownFolders.add(known);
  }

  private forgetFolders(): void {
    this.knownFolders.clear();
  }

  private makeFolder(folder: string): Promise<number> {
    return this.request('mkcol', folder, async ({ deadline }) => {
      try {
        await this.client.createDirectory(folder, { signal: deadline.signal });
        return 201;
      } catch (error) {
        const status = statusOf(error);
        if (status === 405 || status === 409) return status; // 405: it exists (perhaps made by this request's first attempt)
        // Apache answers 403 to the loser of two MKCOLs racing for one folder (two workers publishing into a new one).
        if (status === 403 && (await this.isFolder(folder, deadline))) return 405;
        throw error;
      }
    });
  }

  private async isFolder(path: string, deadline: IdleDeadline): Promise<boolean> {
    try {
      return ((await this.client.stat(path, { signal: deadline.signal })) as FileStat).type === 'directory';
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  /**
   * One request under a fresh idle deadline per attempt, failures mapped to the port's
   * errors, retried while they are transient. The error that ends it says how many attempts it took.
   */
  private async request<T>(operation: string, path: string, work: (request: RequestAttempt) => Promise<T>, policy = this.policy): Promise<T> {
    let attempts = 0;
    try {
      return await retryTransient(
        operation,
        async (attempt) => {
          attempts = attempt;
          const deadline = new IdleDeadline(this.timeoutMs);
          const context = { operation, path, rootUrl: this.rootUrl, user: this.options.user, deadline };
          const mapError = (error: unknown) => toStoreError(error, context);
          try {
            return await work({ deadline, attempt, mapError });
          } catch (error) {
            throw mapError(error);
          } finally {
            deadline.clear();
          }
        },
        { policy, isRetryable: isRepeatable, retryAfterMs: retryAfterMsOf, onRetry: this.options.onRetry },
      );
    } catch (error) {
      if (attempts < 2 || !(error instanceof UpstreamUnavailableError)) throw error;
      throw new UpstreamUnavailableError(`${error.message}; gave up after ${attempts} attempts`, { cause: error.cause });
    }
  }
}
