import { pino, type Logger } from 'pino';

/**
 * JSON lines on stdout. Anything that could carry a secret is redacted by path, and URLs
 * are logged only after `redactCredentials`; the job id rides on every line through child loggers.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'higia', pid: process.pid },
      redact: {
        paths: ['req.headers.authorization', '*.password', '*.apiToken', 'password', 'apiToken', 'authorization'],
        censor: '***',
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination ?? process.stdout,
  );
}
