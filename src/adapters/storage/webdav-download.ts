import { open, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { WebDAVClient } from 'webdav';
import { UpstreamUnavailableError } from '../../errors.js';
import type { FileInfo } from '../../ports/file-store.js';
import type { IdleDeadline } from './idle-deadline.js';
import { doNotRepeat, statusOf } from './webdav-errors.js';

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

/**
 * GET `before.path` into `localPath`, one retried request whose attempts continue each
 * other. After a cut, the next attempt asks for the rest (`Range: bytes=N-` with `If-Range`
 * set to the ETag of the bytes already written) when the server advertised
 * `Accept-Ranges: bytes` with a strong ETag; it keeps the bytes only if the answer is a 206
 * starting at N with that same ETag. Any other answer (a 200: the file changed, or the
 * server ignores ranges) starts over from byte 0 on a truncated file.
 *
 * Resolves only with the whole file: the bytes written must match the response's length and
 * the size PROPFIND reported before (`before`); a body that ends early looks like a whole
 * one when it has no `Content-Length` (close-delimited), so only counting tells them apart.
 * A length that matches the response but not PROPFIND means the file was replaced
 * meanwhile: that is the job's to retry, not the request's. On failure nothing is left at
 * `localPath`.
 */
export async function downloadWithResume(client: WebDAVClient, request: RunRequest, before: FileInfo, localPath: string): Promise<FileInfo> {
  const { path } = before;
  const file = await open(localPath, 'w');
  let written = 0;
  /** The raw ETag of the bytes written so far, when the server can send the rest of them. */
  let resumeWith: string | undefined;
  try {
    const info = await request('download', path, async ({ deadline, mapError }) => {
      const from = resumeWith === undefined ? 0 : written;
      // identity: a compressing proxy would change the bytes' count and the ETag (Apache adds `-gzip`).
      const headers: Record<string, string> = { 'Accept-Encoding': 'identity' };
      if (from > 0) Object.assign(headers, { Range: `bytes=${from}-`, 'If-Range': resumeWith });
      const response = await client.customRequest(path, { method: 'GET', headers, signal: deadline.signal }).catch(async (error: unknown) => {
        // Apache answers 403, not 404, to a GET whose file is renamed or removed between its
        // lookup and its open (a set being published over it). If a PROPFIND of the same path
        // is still let through, the credentials are good: it was that race, and worth a retry.
        if (statusOf(error) === 403 && (await propfindIsAllowed(client, path, deadline))) {
          throw new UpstreamUnavailableError(`download of ${path}: 403 while the file was being replaced`, { cause: error });
        }
        throw error;
      });
      deadline.touch();
      // The client hands back node-fetch's response, whose body is a Node stream.
      const body = (response as unknown as { body: Readable }).body;
      try {
        const etag = response.headers.get('etag');
        const range = response.headers.get('content-range');
        const continues = from > 0 && response.status === 206 && etag === resumeWith && rangeStartOf(range) === from;
        if (response.status === 206 && !continues) {
          const asked = from > 0 ? `bytes ${from}- of ETag ${resumeWith}` : 'the whole file';
          resumeWith = undefined; // the next attempt starts over
          throw new UpstreamUnavailableError(`download of ${path}: asked for ${asked}, got range ${range} of ETag ${etag}`);
        }
        if (!continues && written > 0) {
          await file.truncate(0);
          written = 0;
        }
        const isStrong = etag !== null && etag.startsWith('"');
        resumeWith = isStrong && /\bbytes\b/i.test(response.headers.get('accept-ranges') ?? '') ? etag : undefined;
        const announced = contentLengthOf(response.headers.get('content-length'));
        const expected = announced === undefined ? before.size : (continues ? from : 0) + announced;
        const chunks = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
        for (;;) {
          let next: IteratorResult<Buffer>;
          try {
            next = await chunks.next();
          } catch (error) {
            const mapped = mapError(error);
            if (!(mapped instanceof UpstreamUnavailableError) || deadline.hasExpired) throw mapped;
            throw new UpstreamUnavailableError(`download of ${path} broke off: received ${written} of ${expected} bytes (${mapped.message})`, { cause: mapped.cause });
          }
          if (next.done) break;
          await file.write(next.value, 0, next.value.length, written);
          written += next.value.length;
          deadline.touch();
        }
        if (written !== expected) throw new UpstreamUnavailableError(`download of ${path} cut short: received ${written} of ${expected} bytes`);
        if (written !== before.size) {
          throw doNotRepeat(new UpstreamUnavailableError(`download of ${path}: received ${written} of ${expected} bytes (PROPFIND reported ${before.size}: the file changed meanwhile)`));
        }
        return { path, size: written, etag: normalizeEtag(etag) ?? before.etag };
      } finally {
        body.destroy();
      }
    });
    await file.close();
    return info;
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(localPath, { force: true }); // a partial copy must not be mistaken for the file
    throw error;
  }
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
