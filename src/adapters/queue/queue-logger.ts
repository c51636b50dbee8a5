/** The slice of a pino logger the queue adapters use; pino's `Logger` fits it. */
export interface QueueLogger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const silentLogger: QueueLogger = { info() {}, warn() {}, error() {} };
