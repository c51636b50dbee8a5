import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The OpenAPI security scheme name the protected routes refer to. */
export const BEARER_SCHEME = 'bearerAuth';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Compares in constant time. Hashing first gives both sides the same length, so neither
 * the content nor the length of the token leaks through timing.
 */
export function isSameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header ?? '');
  return match?.[1];
}

/** Whether the request carries `Authorization: Bearer <expected>`. */
export function hasBearerToken(request: FastifyRequest, expected: string): boolean {
  const given = bearerTokenOf(request.headers.authorization);
  return given !== undefined && isSameToken(given, expected);
}

/**
 * An onRequest hook for the routes that start or reveal jobs (/process, /jobs*). Probes and
 * scrapers (/health, /ready, /metrics) and the docs stay open: orchestrators and Prometheus
 * call them without credentials, and they reveal no job data. It runs before the body is
 * parsed, so an unauthenticated client costs us no parsing. The header is never logged
 * (Fastify's request serializer leaves headers out, and the logger redacts it anyway).
 */
export function requireBearerToken(expected: string) {
  return async function checkBearerToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const given = bearerTokenOf(request.headers.authorization);
    if (given !== undefined && isSameToken(given, expected)) return;
    // RFC 6750: say which scheme is expected, and whether the token offered was wrong.
    const challenge = given === undefined ? 'Bearer realm="higia"' : 'Bearer realm="higia", error="invalid_token"';
    await reply
      .code(401)
      .header('www-authenticate', challenge)
      .send({ error: 'UNAUTHORIZED', message: given === undefined ? 'an Authorization: Bearer token is required' : 'the Bearer token is not valid' });
  };
}
