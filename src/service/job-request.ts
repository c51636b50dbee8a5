import { defaultLayout, parseLayout, type Layout } from '../config/layout.js';
import type { JobMessage } from '../domain/job-message.js';
import { todayInBrazil } from '../domain/today.js';
import { InvalidMessageError } from '../errors.js';
import { OUTPUT_FORMATS, type JobRequest } from '../pipeline/run-job.js';
import type { FileJobSettings } from './process-file-job.js';
import { threadsForInput } from './threads-for-input.js';

/**
 * What the pipeline is asked to do for one message: the message's layout, sheet, language and
 * formats over the defaults, enrichment only where reference data exists, and worker threads
 * by the downloaded input's size.
 */
export function jobRequestOf(
  message: JobMessage,
  settings: Pick<FileJobSettings, 'defaultLang' | 'maxBytes' | 'threads'>,
  input: { readonly localPath: string; readonly bytes: number; readonly outputDir: string; readonly hasReference: boolean },
  signal: AbortSignal,
): Omit<JobRequest, 'onProgress'> {
  const base = messageLayout(message);
  const sheet = message.options?.sheet;
  const layout = parseLayout({
    ...base,
    input: sheet ? { ...base.input, sheet } : base.input,
    enrichment: { ...base.enrichment, enabled: base.enrichment.enabled && input.hasReference },
  });
  return {
    inputPath: input.localPath,
    outputDir: input.outputDir,
    layout,
    lang: message.lang ?? settings.defaultLang,
    formats: message.options?.formats ?? OUTPUT_FORMATS,
    today: todayInBrazil(),
    maxBytes: settings.maxBytes,
    threads: threadsForInput(input.bytes, settings.threads),
    signal,
  };
}

/** The message's own layout is part of the request: an invalid one is the request's fault. */
function messageLayout(message: JobMessage): Layout {
  if (!message.layout) return defaultLayout();
  try {
    return parseLayout(message.layout, 'the message layout');
  } catch (error) {
    throw new InvalidMessageError((error as Error).message, { cause: error });
  }
}
