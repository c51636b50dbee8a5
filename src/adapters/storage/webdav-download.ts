import { open, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Response, WebDAVClient } from 'webdav';
import { FileChangedError, UpstreamUnavailableError } from '../../errors.js';
import type { FileInfo } from '../../ports/file-store.js';
import type { ByteRange } from './byte-range.js';
import type { IdleDeadline } from './idle-deadline.js';
import { WebDavRequestError, doNotRepeat, statusOf } from './webdav-errors.js';

/** What one attempt of a request gets from the store's retry loop. */
export interface RequestAttempt {
  readonly deadline: IdleDeadline;
  /** 1 for the first request, 2 for its first retry… */
  readonly attempt: number;
  /** The store's mapping of a failure to the port's errors. */
  mapError(error: unknown): unknown;
}

export type RunRequest = <T>(operation: string, path: string, work: (request: RequestAttempt) => Promise<T>) => Promise<T>;

/**
 * The validator without quotes or weak marker: Apache marks an ETag weak (`W/"…"`) during
 * the second a file was written and strong afterwards, and the key must not change then.
 */
export function normalizeEtag(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const etag = String(raw).trim().replace(/^W\//, '').replace(/"/g, '');
  return etag === '' ? undefined : etag;
}

function contentLengthOf(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/** `bytes 100-199/200` → 100. */
function rangeStartOf(raw: string | null): number | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(raw?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Where one answer's body goes in the local file, decided from its headers before a byte is written. */
interface Placement {
  /** The local offset of the body's first kept byte: the bytes written so far to continue them, 0 to start over. */
  readonly at: number;
  /** Body bytes dropped before that (a range cut out of a whole-file answer). */
  readonly skip: number;
  /** The local file's length once the transfer is whole. */
  readonly total: number;
  /** The body may go on past `total` (a whole file answering a range request): reading stops there. */
  readonly isCut: boolean;
}

type Get = (headers: Record<string, string>) => Promise<Response>;

/** What differs between a whole download and a range: what each attempt asks for and what its answer must hold. */
interface TransferPlan<T> {
  /** `download of <path>…`, for messages. */
  readonly subject: string;
  /** Sends this attempt's GET, `written` bytes being already in the local file. */
  send(get: Get, written: number): Promise<Response>;
  /** Reads the answer's headers; throws to refuse it. */
  place(response: Response, written: number): Placement;
  /** Checks the whole transfer (`written` reached the placement's total); its result is the download's. */
  finish(response: Response, written: number): T;
}

/**
 * One retried request whose attempts continue each other into `localPath` as `plan` says;
 * on failure nothing is left there. A body that ends early looks like a whole one when it
 * has no `Content-Length` (close-delimited), so only counting the bytes tells them apart.
 */
async function transfer<T>(client: WebDAVClient, request: RunRequest, path: string, localPath: string, plan: TransferPlan<T>): Promise<T> {
  const file = await open(localPath, 'w');
  let written = 0;
  try {
    const result = await request('download', path, async ({ deadline, mapError }) => {
      const get: Get = (headers) => getFile(client, path, headers, deadline).catch((error: unknown) => Promise.reject(mapError(error)));
      const response = await plan.send(get, written);
      deadline.touch();
      // The client hands back node-fetch's response, whose body is a Node stream.
      const body = (response as unknown as { body: Readable }).body;
      try {
        const { at, skip, total, isCut } = plan.place(response, written);
        if (at !== written) {
          await file.truncate(at);
          written = at;
        }
        let skipping = skip;
        const chunks = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
        while (!isCut || written < total) {
          let next: IteratorResult<Buffer>;
          try {
            next = await chunks.next();
          } catch (error) {
            const mapped = mapError(error);
            if (!(mapped instanceof UpstreamUnavailableError) || deadline.hasExpired) throw mapped;
            throw new UpstreamUnavailableError(`${plan.subject} broke off: received ${written} of ${total} bytes (${mapped.message})`, { cause: mapped.cause });
          }
          if (next.done) break;
          let chunk = next.value;
          if (skipping > 0) {
            chunk = chunk.subarray(Math.min(skipping, chunk.length));
            skipping -= next.value.length - chunk.length;
          }
          if (isCut) chunk = chunk.subarray(0, total - written);
          if (chunk.length > 0) await file.write(chunk, 0, chunk.length, written);
          written += chunk.length;
          deadline.touch();
        }
        if (written !== total) throw new UpstreamUnavailableError(`${plan.subject} cut short: received ${written} of ${total} bytes`);
        return plan.finish(response, written);
      } finally {
        body.destroy();
      }
    });
    await file.close();
    return result;
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(localPath, { force: true }); // a partial copy must not be mistaken for the file
    throw error;
  }
}

/** GET with identity encoding: a compressing proxy would change the bytes' count and the ETag (Apache adds `-gzip`). */
async function getFile(client: WebDAVClient, path: string, headers: Record<string, string>, deadline: IdleDeadline): Promise<Response> {
  try {
    return await client.customRequest(path, { method: 'GET', headers: { 'Accept-Encoding': 'identity', ...headers }, signal: deadline.signal });
  } catch (error) {
    // Apache answers 403, not 404, to a GET whose file is renamed or removed between its
    // lookup and its open (a set being published over it). If a PROPFIND of the same path
    // is still let through, the credentials are good: it was that race, and worth a retry.
    if (statusOf(error) === 403 && (await propfindIsAllowed(client, path, deadline))) {
      throw new UpstreamUnavailableError(`download of ${path}: 403 while the file was being replaced`, { cause: error });
    }
    throw error;
  }
}

/**
 * GET `before.path` into `localPath`. After a cut, the next attempt asks for the rest
 * (`Range: bytes=N-` with `If-Range` set to the ETag of the bytes already written) when the
 * server advertised `Accept-Ranges: bytes` with a strong ETag; it keeps the bytes only if the
 * answer is a 206 starting at N with that same ETag. Any other answer (a 200: the file
 * changed, or the server ignores ranges) starts over from byte 0 on a truncated file.
 *
 * Resolves only with the whole file: the bytes written must match the response's length and
 * the size PROPFIND reported before (`before`). A length that matches the response but not
 * PROPFIND means the file was replaced meanwhile: that is the job's to retry, not the
 * request's.
 */
export function downloadWithResume(client: WebDAVClient, request: RunRequest, before: FileInfo, localPath: string): Promise<FileInfo> {
  const { path } = before;
  /** The raw ETag of the bytes written so far, when the server can send the rest of them. */
  let resumeWith: string | undefined;
  let from = 0;
  return transfer(client, request, path, localPath, {
    subject: `download of ${path}`,
    send(get, written) {
      from = resumeWith === undefined ? 0 : written;
      return get(from > 0 ? { Range: `bytes=${from}-`, 'If-Range': resumeWith! } : {});
    },
    place(response) {
      const etag = response.headers.get('etag');
      const range = response.headers.get('content-range');
      const continues = from > 0 && response.status === 206 && etag === resumeWith && rangeStartOf(range) === from;
      if (response.status === 206 && !continues) {
        const asked = from > 0 ? `bytes ${from}- of ETag ${resumeWith}` : 'the whole file';
        resumeWith = undefined; // the next attempt starts over
        throw new UpstreamUnavailableError(`download of ${path}: asked for ${asked}, got range ${range} of ETag ${etag}`);
      }
      const isStrong = etag !== null && etag.startsWith('"');
      resumeWith = isStrong && /\bbytes\b/i.test(response.headers.get('accept-ranges') ?? '') ? etag : undefined;
      const announced = contentLengthOf(response.headers.get('content-length'));
      const at = continues ? from : 0;
      return { at, skip: 0, total: announced === undefined ? before.size : at + announced, isCut: false };
    },
    finish(response, written) {
      if (written !== before.size) {
        throw doNotRepeat(new UpstreamUnavailableError(`download of ${path}: received ${written} bytes (PROPFIND reported ${before.size}: the file changed meanwhile)`));
      }
      return { path, size: written, etag: normalizeEtag(response.headers.get('etag')) ?? before.etag };
    },
  });
}

/**
 * GET bytes [start, end) of `path`, as it is at `range.etag` (normalized), into `localPath`;
 * the caller has checked the range against a PROPFIND and that it is not empty. Each attempt
 * asks for what is still missing (`Range: bytes=<start + written>-<end - 1>`), so a cut
 * resumes where it broke off: every attempt is held to the same ETag, so the pieces are of
 * one version of the file.
 *
 * The ETag is sent as `If-Match` in its strong form (`"…"`, as ownCloud and Apache send it).
 * Apache's ETag is weak (`W/"…"`) during the second after a write, and Apache compares
 * If-Match strongly: it answers 412 then even though nothing changed (seen on the test
 * Apache 2.4, and a weak `If-Match` fares no better). So a 412 is not taken at its word: the
 * GET is sent again without If-Match, and from then on the answer's own ETag header decides,
 * as it also does for a server that ignores If-Match. A server that ignores Range (200, the
 * whole file) has the range cut out of its body.
 */
export function downloadRangeWithResume(client: WebDAVClient, request: RunRequest, path: string, localPath: string, range: ByteRange): Promise<void> {
  const { start, end, etag: expected } = range;
  let isIfMatchRefused = false;
  let offset = start;
  return transfer(client, request, path, localPath, {
    subject: `download of ${path} bytes [${start}, ${end})`,
    async send(get, written) {
      offset = start + written;
      const headers = { Range: `bytes=${offset}-${end - 1}` };
      if (!isIfMatchRefused) {
        try {
          return await get({ ...headers, 'If-Match': `"${expected}"` });
        } catch (error) {
          if (!(error instanceof WebDavRequestError && error.status === 412)) throw error;
          isIfMatchRefused = true;
        }
      }
      return get(headers).catch((error: unknown) => {
        // The range fitted the file PROPFIND saw: a 416 now says that file is gone.
        if (error instanceof WebDavRequestError && error.status === 416) throw new FileChangedError(`${path} changed since the job planned its work: it ends before byte ${end}`, { cause: error });
        throw error;
      });
    },
    place(response, written) {
      const etag = normalizeEtag(response.headers.get('etag'));
      // No ETag to compare: only a server that refused If-Match leaves that in doubt.
      if (etag === undefined ? isIfMatchRefused : etag !== expected) {
        throw new FileChangedError(`${path} changed since the job planned its work: its ETag is ${etag ?? 'unknown'}, not ${expected}`);
      }
      const total = end - start;
      if (response.status !== 206) return { at: written, skip: offset, total, isCut: true };
      const answered = response.headers.get('content-range');
      if (rangeStartOf(answered) !== offset) throw new WebDavRequestError(206, `download of ${path}: asked for bytes ${offset}-${end - 1}, got range ${answered}`);
      return { at: written, skip: 0, total, isCut: true };
    },
    finish: () => undefined,
  });
}

/** True when the server answers a PROPFIND of `path` (found or not) rather than refusing it. */
async function propfindIsAllowed(client: WebDAVClient, path: string, deadline: IdleDeadline): Promise<boolean> {
  try {
    await client.stat(path, { signal: deadline.signal });
    return true;
  } catch (error) {
    return statusOf(error) === 404;
  }
}
