import { z } from 'zod';
import { InvalidMessageError } from '../errors.js';
import { LOCALES } from '../i18n/messages.js';

// Characters that are never part of a legitimate file name here: control characters,
// and the backslash (a Windows separator that some WebDAV servers treat as one).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

/**
 * Confines a message's `file_name` to the input folder: a relative path of plain segments.
 * Sub-folders (`2026/clientes.csv`) are allowed; `..`, `.`, absolute paths, empty segments,
 * control characters and backslashes are not. Returns the name with `/` separators.
 */
export function confineFileName(name: string): string {
  if (name.trim() === '') throw new InvalidMessageError('file_name is empty');
  if (name.length > 1024) throw new InvalidMessageError('file_name is longer than 1024 characters');
  if (FORBIDDEN.test(name)) throw new InvalidMessageError('file_name has control characters or a backslash');
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

/** Validates a parsed message (from the API or the queue); InvalidMessageError tells why not. */
export function parseJobMessage(value: unknown): JobMessage {
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
