import { AppError, CredentialsRejectedError, NotFoundError, UpstreamUnavailableError } from '../../errors.js';
import { parseRetryAfterMs } from '../../retry/retry-after.js';
import type { IdleDeadline } from './idle-deadline.js';

/** The server refused a request for a reason that will not pass by retrying (409, 412, 413, 415, 507…). */
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

/** The 207 answer to a DELETE: transient if a member was locked or the server failed on it (a retry deletes what is left). */
export function failedMembersError(path: string, multistatus: string): Error {
  const statuses = [...multistatus.matchAll(/<(?:\w+:)?status>\s*HTTP\/[\d.]+ (\d{3})/g)].map((match) => Number(match[1]));
  const failed = statuses.filter((status) => status >= 400);
  const message = `DELETE ${path} left ${failed.length} of its members in place (HTTP ${[...new Set(failed)].join(', ') || '207'})`;
  if (failed.some((status) => status >= 500 || status === 423)) return new UpstreamUnavailableError(message);
  return new WebDavRequestError(207, message);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENOTFOUND', 'EAI_AGAIN', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET',
]);

/** The server's Retry-After of a mapped error, kept aside: the port's error classes have no field for it. */
const retryAfter = new WeakMap<object, number>();
/** Transient for the job, but repeating the request now would only fail the same way (a file that changed mid-download). */
const notRepeatable = new WeakSet<object>();

export const retryAfterMsOf = (error: unknown): number | undefined => (typeof error === 'object' && error !== null ? retryAfter.get(error) : undefined);

/** Whether one request may be sent again: the mapped error is transient and not marked otherwise. */
export const isRepeatable = (error: unknown): boolean => error instanceof UpstreamUnavailableError && !notRepeatable.has(error);

/** Marks an UpstreamUnavailableError as the job's to retry, not the request's. */
export function doNotRepeat<E extends object>(error: E): E {
  notRepeatable.add(error);
  return error;
}

export const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
};

interface HttpFailure {
  response?: { headers?: { get(name: string): string | null }; body?: { resume?: () => void } };
}

/**
 * The client's HTTP errors carry the whole response object: too heavy (and noisy) for logs.
 * Its unread body is drained so that the keep-alive connection goes back to the pool.
 */
function withoutResponse(error: unknown): unknown {
  if (!(error instanceof Error) || !('response' in error)) return error;
  (error as HttpFailure).response?.body?.resume?.();
  return Object.assign(new Error(error.message), { status: statusOf(error) });
}

export interface RequestContext {
  /** `stat`, `download`, `upload`, `move`, `mkcol`, `delete`, `check`: also the retry metric's label. */
  readonly operation: string;
  readonly path: string;
  readonly rootUrl: string;
  readonly user: string;
  readonly deadline: IdleDeadline;
}

/** Maps whatever one request failed with to the port's errors: transient ones are UpstreamUnavailableError. */
export function toStoreError(failure: unknown, context: RequestContext): unknown {
  if (failure instanceof AppError) return failure;
  const waitMs = parseRetryAfterMs((failure as HttpFailure | null)?.response?.headers?.get('retry-after'));
  const error = withoutResponse(failure);
  const { operation, path, rootUrl, deadline } = context;
  const where = `${operation} ${path} at ${rootUrl}`;
  if (deadline.hasExpired) {
    return new UpstreamUnavailableError(`ownCloud did not answer for ${deadline.ms} ms (${where})`, { cause: error });
  }
  const status = statusOf(error);
  if (status === 401 || status === 403) {
    return new CredentialsRejectedError(`ownCloud rejected the credentials of user "${context.user}" (HTTP ${status}, ${where})`, { cause: error });
  }
  if (status === 404) return new NotFoundError(`${path} not found in ownCloud (${where})`, { cause: error });
  // Before the 5xx rule: a full quota or disk stays full however often the upload is repeated.
  if (status === 507) {
    return new WebDavRequestError(507, `ownCloud has no room for ${path}: HTTP 507 Insufficient Storage, the user's quota or the server's disk is full (${where})`, {
      cause: error,
    });
  }
  // 423 Locked: ownCloud locks a file while a client is still uploading it; it passes.
  if (status !== undefined && (status >= 500 || status === 408 || status === 423 || status === 429)) {
    const mapped = new UpstreamUnavailableError(`ownCloud answered HTTP ${status} (${where})`, { cause: error });
    if (waitMs !== undefined) retryAfter.set(mapped, waitMs);
    return mapped;
  }
  if (status !== undefined) return new WebDavRequestError(status, `ownCloud refused with HTTP ${status} (${where})`, { cause: error });
  const { name, code } = error as { name?: string; code?: string };
  if (name === 'FetchError' || name === 'AbortError' || (code !== undefined && NETWORK_CODES.has(code))) {
    return new UpstreamUnavailableError(`ownCloud is unreachable: ${code ?? name} (${where})`, { cause: error });
  }
  return error;
}
