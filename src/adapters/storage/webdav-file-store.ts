import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat as statLocal } from 'node:fs/promises';
import { posix } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createClient, type FileStat, type ResponseDataDetailed, type WebDAVClient } from 'webdav';
import { redactCredentials } from '../../redact-credentials.js';
import { AppError, ConfigError, CredentialsRejectedError, NotFoundError, UpstreamUnavailableError } from '../../errors.js';
import type { FileInfo, FileStore } from '../../ports/file-store.js';

export interface WebDavFileStoreOptions {
  /** The ownCloud server (`http://host:8080`), or its WebDAV root (`…/remote.php/dav/files/<user>` or `…/remote.php/webdav`). */
  url: string;
  user: string;
  password: string;
  /** The longest the server may stay silent during one operation (not the whole transfer). */
  timeoutMs?: number;
}

/** The server refused a request for a reason that will not pass by retrying (409, 412, 413, 415…). */
export class WebDavRequestError extends AppError {
  readonly code = 'WEBDAV_REJECTED';
  readonly retryable = false;
  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DAV_ROOT = /\/remote\.php\/(webdav|dav\/files\/[^/]+)$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENOTFOUND', 'EAI_AGAIN', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET',
]);

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

/** Aborts when nothing happened for `ms`; every chunk moved pushes it back, so big files may take longer. */
class IdleDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  constructor(readonly ms: number) {
    this.timer = setTimeout(() => this.controller.abort(), ms);
  }
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  get hasExpired(): boolean {
    return this.controller.signal.aborted;
  }
  touch(): void {
    this.timer.refresh();
  }
  clear(): void {
    clearTimeout(this.timer);
  }
}

/** A pass-through that reports each chunk (to push the deadline back, count bytes). */
const onEachChunk = (seen: (bytes: number) => void) =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen(chunk.length);
      done(null, chunk);
    },
  });

/** The client's HTTP errors carry the whole response object: too heavy (and noisy) for logs. */
function withoutResponse(error: unknown): unknown {
  if (!(error instanceof Error) || !('response' in error)) return error;
  return Object.assign(new Error(error.message), { status: statusOf(error) });
}

/**
 * The validator without quotes or weak marker: Apache marks an ETag weak (`W/"…"`) during
 * the second a file was written and strong afterwards, and the key must not change then.
 */
function normalizeEtag(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const etag = String(raw).trim().replace(/^W\//, '').replace(/"/g, '');
  return etag === '' ? undefined : etag;
}

function contentLengthOf(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
};

/**
 * A FileStore on ownCloud (or any WebDAV server) through the `webdav` client. Paths are
 * relative to the user's files root; the client percent-encodes each segment.
 */
export class WebDavFileStore implements FileStore {
  private readonly client: WebDAVClient;
  private readonly timeoutMs: number;
  /** The files root without credentials, for messages. */
  readonly rootUrl: string;

  constructor(private readonly options: WebDavFileStoreOptions) {
    this.rootUrl = davRootUrl(options.url, options.user);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = createClient(this.rootUrl, { username: options.user, password: options.password });
  }

  stat(path: string): Promise<FileInfo> {
    return this.run('stat', path, (deadline) => this.statFile(path, deadline));
  }

  /**
   * The info describes the bytes received: the size counted and the GET's own ETag (the
   * same validator PROPFIND reports, on ownCloud and Apache), so a replacement racing the
   * download can't pair new bytes with an old tag. The PROPFIND before it tells a folder
   * from a file and gives the size the download must reach: a body that ends early looks
   * like a whole one when it has no `Content-Length` (close-delimited), so only counting
   * the bytes against both sizes tells a cut transfer from the file.
   */
  download(path: string, localPath: string): Promise<FileInfo> {
    return this.run('download', path, async (deadline) => {
      const before = await this.statFile(path, deadline);
      // identity: a compressing proxy would change the bytes' count and the ETag (Apache adds `-gzip`).
      const headers = { 'Accept-Encoding': 'identity' };
      const response = await this.client.customRequest(path, { method: 'GET', headers, signal: deadline.signal });
      // The client hands back node-fetch's response, whose body is a Node stream.
      const body = (response as unknown as { body: Readable }).body;
      const announced = contentLengthOf(response.headers.get('content-length'));
      const expected = announced ?? before.size;
      let received = 0;
      const count = onEachChunk((bytes) => {
        received += bytes;
        deadline.touch();
      });
      try {
        await pipeline(body, count, createWriteStream(localPath));
        if (received !== expected || received !== before.size) {
          const changed = received === expected ? ` (PROPFIND reported ${before.size}: the file changed meanwhile)` : '';
          throw new UpstreamUnavailableError(`download of ${path} cut short: received ${received} of ${expected} bytes${changed}`);
        }
      } catch (error) {
        await rm(localPath, { force: true }); // a partial copy must not be mistaken for the file
        throw this.brokenOff(error, path, received, expected, deadline);
      }
      return { path, size: received, etag: normalizeEtag(response.headers.get('etag')) ?? before.etag };
    });
  }

  async publish(localPath: string, path: string): Promise<void> {
    const size = await statLocal(localPath).then(
      (s) => s.size,
      (error: unknown) => {
        throw new NotFoundError(`local file ${localPath} cannot be read`, { cause: error });
      },
    );
    const folder = posix.dirname(path);
    // Not `.part`: ownCloud drops `*.part` files from its index (they "vanish") and
    // Nextcloud refuses to upload them; both use that suffix for their own uploads. The name
    // is cut so that a long one still fits the 255-byte limit of the server's file system.
    const temporary = posix.join(folder, `.${posix.basename(path).slice(0, 50)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await this.run('publish', path, async (deadline) => {
        if (folder !== '.') await this.ensureFolder(folder, deadline);
        const body = onEachChunk(() => deadline.touch());
        // A read error destroys `body`, which fails the request: the request reports it.
        pipeline(createReadStream(localPath), body).catch(() => undefined);
        try {
          // An explicit length: ownCloud behind some proxies refuses chunked uploads.
          await this.client.putFileContents(temporary, body, { headers: { 'Content-Length': String(size) }, signal: deadline.signal });
        } finally {
          body.destroy(); // a request refused before reading the body would leave the file open
        }
        deadline.touch();
        await this.client.moveFile(temporary, path, { overwrite: true, signal: deadline.signal });
      });
    } catch (error) {
      await this.run('cleanup', temporary, (deadline) => this.client.deleteFile(temporary, { signal: deadline.signal })).catch(
        () => undefined, // best effort (it may never have been created): the upload's error is the one that matters
      );
      throw error;
    }
  }

  move(from: string, to: string): Promise<void> {
    return this.run('move', from, async (deadline) => {
      // Folders first: a MOVE into a missing folder is 409 on ownCloud but 500 on Apache.
      const folder = posix.dirname(to);
      if (folder !== '.') await this.ensureFolder(folder, deadline);
      await this.client.moveFile(from, to, { overwrite: true, signal: deadline.signal });
    });
  }

  async check(): Promise<void> {
    try {
      await this.run('check', '/', async (deadline) => {
        const root = (await this.client.stat('/', { signal: deadline.signal })) as FileStat;
        if (root.type !== 'directory') throw new ConfigError(`${this.rootUrl} is not a WebDAV folder`);
      });
    } catch (error) {
      if (error instanceof NotFoundError) throw new ConfigError(`no WebDAV folder at ${this.rootUrl}: check the ownCloud URL and user`, { cause: error });
      throw error;
    }
  }

  private async statFile(path: string, deadline: IdleDeadline): Promise<FileInfo> {
    const { data } = (await this.client.stat(path, { details: true, signal: deadline.signal })) as ResponseDataDetailed<FileStat>;
    deadline.touch();
    if (data.type !== 'file') throw new NotFoundError(`${path} is a folder, not a file`);
    // The client's XML parser may turn an unquoted numeric ETag into a number: read the raw prop.
    const etag = normalizeEtag(data.props?.getetag ?? data.etag) ?? `${data.size}-${data.lastmod}`;
    return { path, size: data.size, etag };
  }

  /** MKCOL from the deepest level up: one request when the parent exists (405), more only when missing (409). */
  private async ensureFolder(folder: string, deadline: IdleDeadline): Promise<void> {
    const created = await this.makeFolder(folder, deadline);
    if (created !== 409) return;
    const parent = posix.dirname(folder);
    if (parent !== '.') await this.ensureFolder(parent, deadline);
    const again = await this.makeFolder(folder, deadline);
    if (again === 409) throw new WebDavRequestError(409, `cannot create folder ${folder}: its parent is missing`);
  }

  private async makeFolder(folder: string, deadline: IdleDeadline): Promise<number> {
    try {
      await this.client.createDirectory(folder, { signal: deadline.signal });
      return 201;
    } catch (error) {
      const status = statusOf(error);
      if (status === 405 || status === 409) return status; // 405: it exists already
      throw error;
    } finally {
      deadline.touch();
    }
  }

  /** A transfer that broke mid-body is retryable like any network fault; the count says how far it got. */
  private brokenOff(error: unknown, path: string, received: number, expected: number, deadline: IdleDeadline): unknown {
    const mapped = this.toAppError(error, 'download', path, deadline);
    if (!(mapped instanceof UpstreamUnavailableError) || mapped === error || deadline.hasExpired) return mapped;
    return new UpstreamUnavailableError(`download of ${path} broke off: received ${received} of ${expected} bytes (${mapped.message})`, { cause: mapped.cause });
  }

  /** Runs one operation under an idle deadline and maps whatever fails to the port's errors. */
  private async run<T>(operation: string, path: string, work: (deadline: IdleDeadline) => Promise<T>): Promise<T> {
    const deadline = new IdleDeadline(this.timeoutMs);
    try {
      return await work(deadline);
    } catch (error) {
      throw this.toAppError(error, operation, path, deadline);
    } finally {
      deadline.clear();
    }
  }

  private toAppError(failure: unknown, operation: string, path: string, deadline: IdleDeadline): unknown {
    if (failure instanceof AppError) return failure;
    const error = withoutResponse(failure);
    const where = `${operation} ${path} at ${this.rootUrl}`;
    if (deadline.hasExpired) {
      return new UpstreamUnavailableError(`ownCloud did not answer for ${deadline.ms} ms (${where})`, { cause: error });
    }
    const status = statusOf(error);
    if (status === 401 || status === 403) {
      return new CredentialsRejectedError(`ownCloud rejected the credentials of user "${this.options.user}" (HTTP ${status}, ${where})`, { cause: error });
    }
    if (status === 404) return new NotFoundError(`${path} not found in ownCloud (${where})`, { cause: error });
    // 423 Locked: ownCloud locks a file while a client is still uploading it; it passes.
    if (status !== undefined && (status >= 500 || status === 408 || status === 423 || status === 429)) {
      return new UpstreamUnavailableError(`ownCloud answered HTTP ${status} (${where})`, { cause: error });
    }
    if (status !== undefined) return new WebDavRequestError(status, `ownCloud refused with HTTP ${status} (${where})`, { cause: error });
    const { name, code } = error as { name?: string; code?: string };
    if (name === 'FetchError' || name === 'AbortError' || (code !== undefined && NETWORK_CODES.has(code))) {
      return new UpstreamUnavailableError(`ownCloud is unreachable: ${code ?? name} (${where})`, { cause: error });
    }
    return error;
  }
}
