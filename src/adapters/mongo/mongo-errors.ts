import {
  MongoError,
  MongoErrorLabel,
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { UpstreamUnavailableError } from '../../errors.js';

/** Server error codes that mean "the server is busy, restarting or unreachable", not "your request is wrong". */
const TRANSIENT_SERVER_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

export function isTransientMongoError(error: unknown): boolean {
  if (!(error instanceof MongoError)) return false;
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoOperationTimeoutError ||
    // The client was closed under a running call (shutdown): running the job again elsewhere can succeed.
    error instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  if (error.hasErrorLabel(MongoErrorLabel.RetryableWriteError) || error.hasErrorLabel(MongoErrorLabel.TransientTransactionError)) return true;
  return error instanceof MongoServerError && typeof error.code === 'number' && TRANSIENT_SERVER_CODES.has(error.code);
}

/**
 * Runs one MongoDB call; a transient fault becomes UpstreamUnavailableError (the job is retried
 * by the queue), anything else (bad query, duplicate key, auth) is rethrown unchanged.
 */
export async function callMongo<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isTransientMongoError(error)) {
      throw new UpstreamUnavailableError(`MongoDB unavailable (${what}): ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}
