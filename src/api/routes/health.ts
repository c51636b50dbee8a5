import type { FastifyInstance, FastifyRequest } from 'fastify';
import { redactCredentials } from '../../redact-credentials.js';
import { readinessSchema } from '../schemas.js';

export type ReadinessCheck = () => Promise<void>;

export interface HealthRouteDeps {
  /** Named dependency checks for /ready; each must resolve when the dependency is usable. */
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
  readonly timeoutMs: number;
  /** Whether this caller may see the raw reasons (credentials still removed); default: nobody. */
  readonly showsDetails?: (request: FastifyRequest) => boolean;
}

// /ready is open: a driver's message quoting its connection URL would hand anyone the
// user, password and host. Whoever calls it unauthenticated gets the reason without them.
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*):\/\/[^\s'"<>()]*/gi;
const HOST_PORT_IN_TEXT = /(\[[0-9a-f:.]+\]|\b[\w.-]+):\d{1,5}\b/gi;
const ABSOLUTE_PATH_IN_TEXT = /(^|[\s'"(])\/[^\s'")]*/g;

/** A check's reason with every URL, `host:port` and absolute path replaced by what it was. */
export function publicReason(reason: string): string {
  return reason
    .replace(URL_IN_TEXT, (_, scheme: string) => `<${scheme.toLowerCase()} URL>`)
    .replace(HOST_PORT_IN_TEXT, '<address>')
    .replace(ABSOLUTE_PATH_IN_TEXT, '$1<path>');
}

/** `ok`, or why not: a rejection's message (credentials removed), or a timeout. */
async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  const outcome = Promise.resolve()
    .then(check)
    .then(
      () => 'ok',
      (error: unknown) => redactCredentials(error instanceof Error ? error.message || error.name : String(error)),
    );
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * /health answers whether the process is alive, touching no dependency: a broker outage
 * must not get every replica restarted. /ready answers whether it can serve work, so a
 * load balancer stops sending requests while a dependency is down.
 */
export async function healthRoutes(app: FastifyInstance, deps: HealthRouteDeps): Promise<void> {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness: the process answers',
        tags: ['probes'],
        response: { 200: { description: 'Alive', type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    {
      schema: {
        summary: 'Readiness: every dependency answers',
        description: `Runs every check in parallel, each limited to ${deps.timeoutMs} ms.`,
        tags: ['probes'],
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (request, reply) => {
      const names = Object.keys(deps.checks);
      const results = await Promise.all(names.map((name) => runCheck(deps.checks[name]!, deps.timeoutMs)));
      const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
      const failing = names.filter((name) => checks[name] !== 'ok');
      if (failing.length === 0) return { status: 'ready', checks };
      request.log.warn({ checks }, 'not ready');
      const shown = deps.showsDetails?.(request) ? checks : Object.fromEntries(names.map((name) => [name, publicReason(checks[name]!)]));
      return reply.code(503).send({ status: 'not-ready', checks: shown });
    },
  );
}
