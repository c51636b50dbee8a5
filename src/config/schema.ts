import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { redactCredentials } from '../redact-credentials.js';
import { LOCALES } from '../i18n/messages.js';

const optionalUrl = (protocols: readonly string[], name: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || isUrlWith(value, protocols), {
      message: `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    });

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Relative folder inside the file store: plain segments, no `..`. */
const folder = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => /^[^/\\]+(\/[^/\\]+)*$/.test(v) && !v.split('/').some((s) => s === '..' || s === '.'), 'must be a relative folder like "work"');

const collectionKey = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => /^[^:$\s]+:[^:$\s]+$/.test(v), 'must be collection:keyField, like "pessoas:cpf"')
    .transform((v) => {
      const [collection, keyField] = v.split(':') as [string, string];
      return { collection, keyField };
    });

/**
 * Every setting of the service, from the environment (and `.env`). A variable that is
 * absent selects the embedded default, so `npm start` runs with none set.
 */
export const configSchema = z.object({
    AMQP_URL: optionalUrl(['amqp:', 'amqps:'], 'AMQP_URL'),
    QUEUE_NAME: z.string().min(1).default('pyservice_queue'),
    EVENTS_EXCHANGE: z.string().min(1).default('pyservice.events'),
    PREFETCH: int(1, 1),
    MAX_ATTEMPTS: int(5, 1),
    RETRY_BASE_DELAY_MS: int(5_000, 1),
    /** Deliveries a job may get without being settled (its worker died each time: out of memory, killed) before the DLQ as `worker-crashed`. */
    AMQP_MAX_DELIVERIES: int(3, 1),
    /**
     * A job still running after this long has its message parked and acked, so that the broker's
     * `consumer_timeout` (30 min by default) never closes the channel under it; 0: never.
     */
    AMQP_HANDOFF_AFTER_MS: int(240_000, 0),
    /** How long a parked copy waits before it comes back to ask whether its job still runs. */
    AMQP_PARK_CHECK_MS: int(300_000, 1_000),
    /** Legacy messages each worker moves into the durable jobs queue at once (one confirmed publish each). */
    AMQP_MOVE_PREFETCH: int(100, 1),
    OWNCLOUD_URL: optionalUrl(['http:', 'https:'], 'OWNCLOUD_URL'),
    OWNCLOUD_USER: z.string().optional(),
    OWNCLOUD_PASSWORD: z.string().optional(),
    OWNCLOUD_TIMEOUT_MS: int(30_000, 1),
    STORAGE_DIR: z.string().min(1).default('storage'),
    WORK_DIR: folder('work'),
    DONE_DIR: folder('finalizado'),
    INPUT_AFTER: z.enum(['keep', 'archive']).default('keep'),
    ARCHIVE_DIR: folder('processado'),
    MONGO_URL: optionalUrl(['mongodb:', 'mongodb+srv:'], 'MONGO_URL'),
    MONGO_DB: z.string().min(1).default('higia'),
    MONGO_ENSURE_INDEXES: bool(false),
    /** `collection:keyField` of each reference source (keys stored canonical, see `higia reference import`). */
    MONGO_PESSOAS: collectionKey('pessoas:cpf'),
    MONGO_EMPRESAS: collectionKey('empresas:cnpj'),
    MONGO_CEPS: collectionKey('ceps:cep'),
    REFERENCE_DIR: z.string().min(1).default('reference'),
    REDIS_URL: optionalUrl(['redis:', 'rediss:'], 'REDIS_URL'),
    /** Lets several deployments (or test runs) share one Redis. */
    REDIS_KEY_PREFIX: z.string().min(1).default('higia:'),
    PORT: int(8080, 0).refine((p) => p <= 65_535, 'PORT must be at most 65535'),
    HOST: z.string().min(1).default('127.0.0.1'),
    API_TOKEN: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || v.length >= 16, 'API_TOKEN must have at least 16 characters'),
    DEFAULT_LANG: z.enum(LOCALES).default('pt-BR'),
    THREADS: int(Math.min(availableParallelism(), 4), 0),
    /**
     * A CSV input of at least twice this many bytes is split into parts of about this size,
     * which every worker takes from the parts queue (`<QUEUE_NAME>.parts`); 0: never split.
     */
    PART_BYTES: int(256 * 1024 ** 2, 0),
    MAX_BYTES: int(4 * 1024 ** 3, 1),
    LOCK_TTL_MS: int(60_000, 1_000),
    IDEMPOTENCY_TTL_MS: int(30 * 24 * 3_600_000, 1_000),
    SHUTDOWN_TIMEOUT_MS: int(30_000, 0),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.output<typeof configSchema>;

/** Parses the environment once; every problem is listed in one ConfigError. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const relevant = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(relevant);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
  // Checked apart from the schema so that it is reported together with the other problems.
  if (relevant.OWNCLOUD_URL && (!relevant.OWNCLOUD_USER || !relevant.OWNCLOUD_PASSWORD)) {
    problems.push('OWNCLOUD_USER: OWNCLOUD_URL needs OWNCLOUD_USER and OWNCLOUD_PASSWORD');
  }
  if (!result.success || problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  return result.data;
}

/** What runs where, for the startup log line: never a secret. */
export function describeConfig(c: Config): Record<string, string> {
  return {
    queue: c.AMQP_URL ? `rabbitmq ${redactCredentials(c.AMQP_URL)} ${c.QUEUE_NAME}` : 'in-process',
    storage: c.OWNCLOUD_URL ? `owncloud ${redactCredentials(c.OWNCLOUD_URL)} as ${c.OWNCLOUD_USER}` : `local ${c.STORAGE_DIR}`,
    reference: c.MONGO_URL ? `mongodb ${redactCredentials(c.MONGO_URL)} ${c.MONGO_DB}` : `files ${c.REFERENCE_DIR}`,
    state: c.REDIS_URL ? `redis ${redactCredentials(c.REDIS_URL)}` : 'memory',
    history: c.MONGO_URL ? `mongodb ${c.MONGO_DB}.jobs` : 'memory',
  };
}

function isUrlWith(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
