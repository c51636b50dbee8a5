import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CleanRow, FieldIssue } from '../../domain/row.js';
import type { FieldStatus, IssueCode } from '../../domain/rules/rule.js';

/**
 * Rows wait here between the two passes: deduplication can only pick the most complete of
 * a group after it has seen the whole file, and holding the rows in memory would make
 * memory grow with the file.
 *
 * The format is separator-delimited text, not JSON: JSON.stringify/parse measured 12 µs and
 * 11 µs per row here, a quarter of a whole job's budget. A record is its parts joined by
 * PART, lists inside a part joined by ITEM, records ended by RECORD. A record whose text
 * contains any of those control characters (never seen in real exports, but possible) is
 * written as JSON after a JSON_MARK instead, so nothing can be misread.
 */
const PART = '\u0001';
const ITEM = '\u0002';
/** Ends every record: a chunk of spill text cut after one holds whole records. */
export const RECORD = '\u001e';
const JSON_MARK = '\u0003';
// eslint-disable-next-line no-control-regex -- the separators are control characters on purpose
const SEPARATORS = /[\u0001\u0002\u0003\u001e]/;

const STATUS_CODES: Record<FieldStatus, string> = { valid: 'v', corrected: 'c', invalid: 'i', empty: 'e' };
const STATUS_OF: Record<string, FieldStatus | undefined> = { v: 'valid', c: 'corrected', i: 'invalid', e: 'empty', '-': undefined };

export class SpillWriter {
  private readonly out: WriteStream;
  private buffer = '';

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }

  /** Appends rows already serialized with serializeSpillRow (possibly on another thread). */
  async writeText(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length > 1 << 16) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }

  private async flush(): Promise<void> {
    if (this.buffer === '') return;
    const canContinue = this.out.write(this.buffer);
    this.buffer = '';
    if (!canContinue) await once(this.out, 'drain');
  }
}

export function serializeSpillRow(row: CleanRow): string {
  let statuses = '';
  for (const s of row.statuses) statuses += s === undefined ? '-' : STATUS_CODES[s];
  let issues = '';
  for (const issue of row.issues) issues += (issues === '' ? '' : ITEM) + issue.column + ITEM + issue.code + ITEM + issue.detail;
  const values = row.values.join(ITEM);
  if (SEPARATORS.test(row.values.join('')) || SEPARATORS.test(issues.replaceAll(ITEM, ''))) {
    return JSON_MARK + JSON.stringify(row) + RECORD;
  }
  return (
    row.line + PART + (row.dedupeKey ?? '') + PART + row.completeness + PART + statuses + PART +
    row.infos.map((i) => i ?? '').join(ITEM) + PART + issues + PART + values + RECORD
  );
}

export function parseSpillRow(text: string): CleanRow {
  if (text.charCodeAt(0) === 3) {
    // JSON has no undefined: the arrays come back with nulls, which the rest never expects.
    const row = JSON.parse(text.slice(1)) as CleanRow & { dedupeKey: string | null };
    return {
      ...row,
      statuses: row.statuses.map((s) => s ?? undefined),
      infos: row.infos.map((i) => i ?? undefined),
      dedupeKey: row.dedupeKey ?? undefined,
    };
  }
  const [line, key, completeness, statuses, infos, issues, values] = text.split(PART) as [string, string, string, string, string, string, string];
  const cells = values.split(ITEM);
  const parsedStatuses: (FieldStatus | undefined)[] = new Array(statuses.length);
  for (let i = 0; i < statuses.length; i++) parsedStatuses[i] = STATUS_OF[statuses[i]!];
  const parsedInfos: (string | undefined)[] = infos.split(ITEM);
  for (let i = 0; i < parsedInfos.length; i++) if (parsedInfos[i] === '') parsedInfos[i] = undefined;
  const issueParts = issues === '' ? [] : issues.split(ITEM);
  const parsedIssues: FieldIssue[] = [];
  for (let i = 0; i < issueParts.length; i += 3) {
    parsedIssues.push({ column: Number(issueParts[i]), code: issueParts[i + 1] as IssueCode, detail: issueParts[i + 2]! });
  }
  return {
    line: Number(line),
    raw: cells,
    values: cells,
    statuses: parsedStatuses,
    infos: parsedInfos,
    issues: parsedIssues,
    rejections: [],
    dedupeKey: key === '' ? undefined : key,
    completeness: Number(completeness),
  };
}

/** Whole records of the spill file, a read chunk at a time, with the line of the last one. */
export interface SpillChunk {
  readonly text: string;
  readonly lastLine: number;
}

/**
 * The records back as text cut after a RECORD mark, so each chunk can be parsed anywhere
 * (pass 2 sends them to worker threads). `chunkChars` keeps a chunk's rows short-lived.
 */
export async function* readSpillChunks(path: string, chunkChars: number): AsyncGenerator<SpillChunk> {
  let rest = '';
  for await (const piece of createReadStream(path, { encoding: 'utf8', highWaterMark: chunkChars })) {
    const text = rest + (piece as string);
    const end = text.lastIndexOf(RECORD);
    if (end < 0) {
      rest = text;
      continue;
    }
    rest = text.slice(end + 1);
    yield chunkOf(text.slice(0, end + 1));
  }
  if (rest !== '') yield chunkOf(rest + RECORD);
}

function chunkOf(text: string): SpillChunk {
  const start = text.lastIndexOf(RECORD, text.length - 2) + 1;
  return { text, lastLine: parseSpillRow(text.slice(start, text.length - 1)).line };
}

/** Every row of a chunk, in order. */
export function parseSpillChunk(text: string): CleanRow[] {
  const records = text.split(RECORD);
  records.pop(); // the empty text after the last mark
  return records.map(parseSpillRow);
}
