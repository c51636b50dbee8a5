import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, InvalidMessageError, NotFoundError, UpstreamUnavailableError } from '../errors.js';
import { redactCredentials } from '../redact-credentials.js';

/** The one shape of every 4xx/5xx body. */
export interface ErrorBody {
  error: string;
  message: string;
}

/** Fastify's own client errors (parsing, validation), named by what the client did wrong. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_BAD_URL: 'INVALID_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'INVALID_REQUEST',
};

export function describeError(error: unknown): { statusCode: number; body: ErrorBody } {
  if (error instanceof AppError) return describeAppError(error);
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    // The only body is the job message, so a bad body is a bad message, whoever caught it.
    const code = fastifyError.validationContext === 'body' ? 'INVALID_MESSAGE' : 'INVALID_REQUEST';
    return { statusCode: 400, body: { error: code, message: fastifyError.message ?? 'invalid request' } };
  }
  const statusCode = fastifyError.statusCode ?? 500;
  if (statusCode >= 400 && statusCode < 500) {
    const code = FASTIFY_CODES[fastifyError.code ?? ''] ?? fastifyError.code?.replace(/^FST_ERR_/, '') ?? 'BAD_REQUEST';
    // Fastify's own text ("Unsupported Media Type") does not say what would work.
    const message = code === 'UNSUPPORTED_MEDIA_TYPE' ? 'unsupported Content-Type: send JSON with Content-Type: application/json' : fastifyError.message;
    return { statusCode, body: { error: code, message: message ?? 'bad request' } };
  }
  // An unexpected failure: the details go to the log, not to the client.
  return { statusCode: 500, body: { error: 'INTERNAL_ERROR', message: 'internal error; see the service log' } };
}

function describeAppError(error: AppError): { statusCode: number; body: ErrorBody } {
  const message = redactCredentials(error.message);
  if (error instanceof InvalidMessageError) return { statusCode: 400, body: { error: error.code, message } };
  if (error instanceof NotFoundError) return { statusCode: 404, body: { error: error.code, message } };
  if (error instanceof UpstreamUnavailableError || error.retryable) return { statusCode: 503, body: { error: error.code, message } };
  return { statusCode: 500, body: { error: error.code, message } };
}

export async function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { statusCode, body } = describeError(error);
  if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
  await reply.code(statusCode).send(body);
}

/**
 * Fastify's `frameworkErrors`: errors raised while routing (a malformed %-escape in the URL,
 * an over-long parameter) never reach the error handler and would otherwise get Fastify's
 * own body (`statusCode`, `code`), not ours.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { statusCode, body } = describeError(error);
  if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
  void reply.code(statusCode).send(body);
}

export async function handleNotFound(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await reply.code(404).send({ error: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` });
}
