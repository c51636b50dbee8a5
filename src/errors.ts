/**
 * Exceptions are for failures of the job, never of a row (a bad row is data: a RowIssue).
 * `retryable` tells the queue whether running the same job again could succeed.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Invalid configuration or layout: fix it and start again. */
export class ConfigError extends AppError {
  readonly code = 'CONFIG_INVALID';
  readonly retryable = false;
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly retryable = false;
}

export type InputProblem =
  | 'EMPTY_FILE'
  | 'BINARY_FILE'
  | 'UNSUPPORTED_FORMAT'
  | 'NO_HEADER'
  | 'TOO_LARGE'
  | 'MALFORMED_CSV'
  | 'MALFORMED_XLSX'
  | 'SHEET_NOT_FOUND'
  | 'RECORD_TOO_LONG'
  | 'TOO_MANY_COLUMNS';

/** The input file can't be processed at all (as opposed to some of its rows). */
export class InputFormatError extends AppError {
  readonly code: string;
  readonly retryable = false;
  constructor(
    readonly problem: InputProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.code = problem;
  }
}

/** A service we depend on failed in a way that may pass (5xx, timeout, connection refused). */
export class UpstreamUnavailableError extends AppError {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  readonly retryable = true;
}

/**
 * The file changed since the job planned its work (its ETag is no longer the one the plan was
 * made for): the byte ranges planned describe a file that is gone. Running the same plan again
 * cannot succeed; the job must be planned anew from the file as it is now.
 */
export class FileChangedError extends AppError {
  readonly code = 'FILE_CHANGED';
  readonly retryable = false;
}

/** The user or the system asked the job to stop (Ctrl-C, SIGTERM). */
export class InterruptedError extends AppError {
  readonly code = 'INTERRUPTED';
  readonly retryable = true;
}

/** A queue message or API request that can never be processed (bad JSON, bad file_name). */
export class InvalidMessageError extends AppError {
  readonly code = 'INVALID_MESSAGE';
  readonly retryable = false;
}

/**
 * Another worker holds the file right now; try again later. Waiting for a long job is not a
 * failure, so it does not use up one of the message's attempts.
 */
export class FileBusyError extends AppError {
  readonly code = 'FILE_BUSY';
  readonly retryable = true;
  readonly consumesAttempt = false;
}

/**
 * A service refused our credentials (ownCloud answering 401/403 on the account root: a
 * rotated password, an LDAP outage). Not the message's fault, and no later attempt of the
 * same message can succeed until an operator or the directory fixes it: the worker hands
 * the message back without using up an attempt and stops consuming until the service
 * accepts it again (`pausesConsuming`), instead of dead-lettering the whole backlog.
 */
export class CredentialsRejectedError extends AppError {
  readonly code = 'CREDENTIALS_REJECTED';
  readonly retryable = false;
  readonly pausesConsuming = true;
}

/**
 * The layout names a column the file lacks, or one it does not check (a quality gate's
 * `field`): the request's fault, known only once the header is read, so before any row.
 */
export class LayoutMismatchError extends AppError {
  readonly code = 'LAYOUT_MISMATCH';
  readonly retryable = false;
}

/**
 * An error quality gate broke. Every output is written (and, in the worker, uploaded) first:
 * the job's answer is its outputs plus this verdict. CLI exit 3; the worker acks it.
 */
export class QualityGateError extends AppError {
  readonly code = 'QUALITY_GATE';
  readonly retryable = false;
  readonly exitCode = 3;
}
