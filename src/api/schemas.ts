import { LOCALES } from '../i18n/messages.js';
import { JOB_STATUSES } from '../ports/job-history.js';

/**
 * JSON schemas for Fastify (query/params validation, response serialization) and for the
 * OpenAPI document. Response schemas also act as an allow-list: a field missing here is
 * not sent, so nothing internal leaks by accident.
 */

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  description: 'Every 4xx/5xx answer has this shape.',
  properties: {
    error: { type: 'string', description: 'Stable code, e.g. INVALID_MESSAGE, NOT_FOUND, QUEUE_UNAVAILABLE.' },
    message: { type: 'string' },
  },
  required: ['error', 'message'],
} as const;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (INVALID_MESSAGE, INVALID_REQUEST, INVALID_JSON, INVALID_CONTENT_LENGTH)',
  401: 'Missing or wrong Bearer token (UNAUTHORIZED)',
  404: 'No such job or route (NOT_FOUND)',
  409: 'A job with this job_id exists already (JOB_EXISTS)',
  413: 'The body is larger than the limit (PAYLOAD_TOO_LARGE)',
  415: 'The body is not JSON (UNSUPPORTED_MEDIA_TYPE)',
  503: 'A dependency is unavailable (QUEUE_UNAVAILABLE, UPSTREAM_UNAVAILABLE)',
};

/** Error responses, by status, for a route's `response`. */
export function errorResponses(...statuses: number[]): Record<number, { description: string; $ref: string }> {
  return Object.fromEntries(statuses.map((status) => [status, { description: ERROR_DESCRIPTIONS[status] ?? 'Error', $ref: 'Error#' }]));
}

/**
 * Documents the body of POST /process. Fastify does not validate with it: the zod schema
 * of `parseJobMessage` does (it also confines `file_name`), so the queue and the API can
 * never disagree on what a valid message is.
 */
export const processBodySchema = {
  type: 'object',
  required: ['file_name'],
  properties: {
    file_name: {
      type: 'string',
      maxLength: 1024,
      description: 'Path relative to the work folder (`clientes.csv`, `2026/clientes.xlsx`); no `..`, no leading `/`, no backslash.',
      examples: ['clientes.csv'],
    },
    job_id: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,100}$', description: 'Chosen by the client; a new UUID when absent.' },
    layout: { type: 'object', additionalProperties: true, description: 'An inline column layout.' },
    lang: { type: 'string', enum: [...LOCALES], description: 'Language of the reports.' },
    options: {
      type: 'object',
      additionalProperties: true,
      properties: {
        formats: { type: 'array', minItems: 1, items: { type: 'string', enum: ['csv', 'xlsx', 'pdf', 'html', 'json'] } },
        sheet: { type: 'string', minLength: 1, description: 'The XLSX sheet to read.' },
      },
    },
  },
  additionalProperties: true,
} as const;

export const jobAcceptedSchema = {
  description: 'Queued',
  type: 'object',
  required: ['job_id', 'status', 'file_name', 'status_url'],
  properties: {
    job_id: { type: 'string' },
    status: { type: 'string', enum: ['queued'] },
    file_name: { type: 'string' },
    status_url: { type: 'string', description: 'Where to follow the job (also in the Location header).' },
  },
} as const;

const countsSchema = {
  type: 'object',
  properties: {
    input: { type: 'integer' },
    kept: { type: 'integer' },
    duplicates: { type: 'integer' },
    rejected: { type: 'integer' },
  },
} as const;

const jobRecordProperties = {
  id: { type: 'string' },
  fileName: { type: 'string' },
  status: { type: 'string', enum: [...JOB_STATUSES] },
  attempts: { type: 'integer', description: 'Attempts started so far.' },
  createdAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
  startedAt: { type: 'string', format: 'date-time' },
  finishedAt: { type: 'string', format: 'date-time' },
  durationMs: { type: 'integer' },
  input: { type: 'object', properties: { etag: { type: 'string' }, size: { type: 'integer' } } },
  counts: countsSchema,
  outputs: { type: 'array', items: { type: 'string' }, description: 'Paths of the outputs in the file store.' },
  error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
  reusedFrom: { type: 'string', description: 'The earlier job whose outputs answer this one (same file, same ETag).' },
} as const;

const jobRecordRequired = ['id', 'fileName', 'status', 'attempts', 'createdAt', 'updatedAt'];

/** A job in a list: without the summary, which can be large. */
export const jobListItemSchema = {
  $id: 'JobListItem',
  type: 'object',
  required: jobRecordRequired,
  properties: jobRecordProperties,
} as const;

export const jobDetailSchema = {
  $id: 'Job',
  type: 'object',
  required: jobRecordRequired,
  properties: {
    ...jobRecordProperties,
    summary: { description: 'The pipeline summary (the `<name>_resumo.json` output), once completed.' },
    progress: {
      type: 'object',
      description: 'Live progress while the job is running or retrying.',
      properties: {
        phase: { type: 'string', enum: ['downloading', 'reading', 'writing', 'uploading'] },
        rows: { type: 'integer' },
        percent: { type: 'number', minimum: 0, maximum: 100 },
        updatedAt: { type: 'string', format: 'date-time' },
      },
    },
  },
} as const;

export const jobIdParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

export const MAX_PAGE_SIZE = 100;

export const jobListQuerySchema = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 },
    // Past 2^53 a number is no longer exact (9007199254740993 reads as …992), and the
    // history's skip would fail as a 500: the client is told instead.
    offset: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 },
    status: { type: 'string', enum: [...JOB_STATUSES] },
  },
  additionalProperties: false,
} as const;

export const jobListSchema = {
  description: 'One page of jobs',
  type: 'object',
  required: ['items', 'total', 'limit', 'offset'],
  properties: {
    items: { type: 'array', items: { $ref: 'JobListItem#' } },
    total: { type: 'integer', description: 'Jobs matching the filter, across all pages.' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
  },
} as const;

export const readinessSchema = {
  description: 'Each check: `ok`, or why not',
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not-ready'] },
    checks: {
      type: 'object',
      description: '`ok`, or why the dependency is not usable.',
      additionalProperties: { type: 'string' },
    },
  },
} as const;

/** Shared schemas, added once with `app.addSchema` so routes and OpenAPI refer to them. */
export const sharedSchemas = [errorSchema, jobListItemSchema, jobDetailSchema];
