import { z } from 'zod';
import { InvalidMessageError } from '../errors.js';
import { LOCALES } from '../i18n/messages.js';

// Characters that are never part of a legitimate file name here: control characters,
// and the backslash (a Windows separator that some WebDAV servers treat as one).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;
// A lone UTF-16 surrogate (`"\uD800"` in JSON) is no character: it has no UTF-8 form, so the
// path could never be fetched; with the `u` flag a proper pair is one code point, not Cs.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Confines a message's `file_name` to the input folder: a relative path of plain segments.
 * Sub-folders (`2026/clientes.csv`) are allowed; `..`, `.`, absolute paths, empty segments,
 * control characters and backslashes are not. Returns the name with `/` separators.
 */
export function confineFileName(name: string): string {
  if (name.trim() === '') throw new InvalidMessageError('file_name is empty');
  if (name.length > 1024) throw new InvalidMessageError('file_name is longer than 1024 characters');
  if (FORBIDDEN.test(name)) throw new InvalidMessageError('file_name has control characters or a backslash');
  if (LONE_SURROGATE.test(name)) throw new InvalidMessageError('file_name has a lone UTF-16 surrogate, which is not a character');
  if (name.startsWith('/')) throw new InvalidMessageError('file_name must be relative to the work folder, not absolute');
  const segments = name.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidMessageError(`file_name has an empty, "." or ".." segment: ${JSON.stringify(name)}`);
    }
    if (segment !== segment.trim()) throw new InvalidMessageError('file_name has a segment that starts or ends with a space');
  }
  return segments.join('/');
}

/**
 * Limits of a message's shape. A real one (an inline layout included) is a few levels and
 * some dozen keys; past these it is an attack or a bug, and JSON that deep overflows the
 * stack of whoever serializes it next (the queue's JSON.stringify did, as a 503).
 */
export const MAX_MESSAGE_DEPTH = 32;
export const MAX_MESSAGE_NODES = 10_000;

/**
 * Why a parsed message is nested too deep or has too many keys and items, prefixed with
 * the top-level field that holds the excess; undefined when it is within the limits.
 * Depth is counted from a field's value (`layout` itself is level 1). Iterative, so a
 * hostile depth cannot overflow the stack here either.
 */
export function messageShapeProblem(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const pending: Array<{ value: unknown; depth: number; field: string }> = Object.entries(message).map(([field, value]) => ({ value, depth: 1, field }));
  let nodes = pending.length;
  while (pending.length > 0) {
    const { value, depth, field } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_MESSAGE_DEPTH) return `${field}: nested deeper than ${MAX_MESSAGE_DEPTH} levels`;
    const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
    nodes += children.length;
    if (nodes > MAX_MESSAGE_NODES) return `${field}: the message has more than ${MAX_MESSAGE_NODES} keys and items`;
    for (const child of children) pending.push({ value: child, depth: depth + 1, field });
  }
  return undefined;
}

const jobMessageSchema = z.looseObject({
  file_name: z.string({ error: 'file_name is required and must be a string' }).transform((name, ctx) => {
    try {
      return confineFileName(name);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  job_id: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'job_id may only have letters, digits, _ . : - (up to 100)')
    .optional(),
  /** An inline layout (validated by the pipeline's layout schema when the job starts). */
  layout: z.record(z.string(), z.unknown()).optional(),
  lang: z.enum(LOCALES).optional(),
  options: z
    .looseObject({
      formats: z.array(z.enum(['csv', 'xlsx', 'pdf', 'html', 'json'])).min(1).optional(),
      sheet: z.string().min(1).optional(),
    })
    .optional(),
});

/** What the queue carries. The legacy producer sends only `{"file_name": …}`; the rest is optional. */
export type JobMessage = z.output<typeof jobMessageSchema>;

/**
 * Validates a parsed message (from the API or the queue); InvalidMessageError tells why not.
 * The shape limits come first: the schema must not walk a hostile value.
 */
export function parseJobMessage(value: unknown): JobMessage {
  const shapeProblem = messageShapeProblem(value);
  if (shapeProblem) throw new InvalidMessageError(shapeProblem);
  const result = jobMessageSchema.safeParse(value);
  if (!result.success) {
    throw new InvalidMessageError(result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
  }
  return result.data;
}

/** Decodes a queue body: UTF-8 JSON of a JobMessage. */
export function decodeJobMessage(body: Uint8Array): JobMessage {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new InvalidMessageError(`message body is not UTF-8 JSON: ${(error as Error).message}`);
  }
  return parseJobMessage(value);
}

export function encodeJobMessage(message: JobMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}
