import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CleanRow } from '../../domain/row.js';
import type { FieldStatus } from '../../domain/rules/rule.js';

/**
 * Rows wait here between the two passes: deduplication can only pick the most complete of
 * a group after it has seen the whole file, and holding the rows in memory would make
 * memory grow with the file. One JSON array per line; JSON never has a raw line feed.
 */
const STATUS_CODES: Record<FieldStatus, string> = { valid: 'v', corrected: 'c', invalid: 'i', empty: 'e' };
const STATUS_OF: Record<string, FieldStatus | undefined> = { v: 'valid', c: 'corrected', i: 'invalid', e: 'empty', '-': undefined };

type SpillRecord = [
  line: number,
  values: string[],
  statuses: string,
  infos: (string | null)[],
  issues: CleanRow['issues'],
  dedupeKey: string | null,
  completeness: number,
];

export class SpillWriter {
  private readonly out: WriteStream;
  private buffer = '';

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }

  async write(row: CleanRow): Promise<void> {
    const record: SpillRecord = [
      row.line,
      row.values,
      row.statuses.map((s) => (s === undefined ? '-' : STATUS_CODES[s])).join(''),
      row.infos.map((i) => i ?? null),
      row.issues,
      row.dedupeKey ?? null,
      row.completeness,
    ];
    this.buffer += JSON.stringify(record) + '\n';
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

export async function* readSpill(path: string): AsyncGenerator<CleanRow> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) yield fromRecord(JSON.parse(line) as SpillRecord);
  }
  if (rest !== '') yield fromRecord(JSON.parse(rest) as SpillRecord);
}

function fromRecord([line, values, statuses, infos, issues, dedupeKey, completeness]: SpillRecord): CleanRow {
  return {
    line,
    raw: values,
    values,
    statuses: Array.from(statuses, (c) => STATUS_OF[c]),
    infos: infos.map((i) => i ?? undefined),
    issues,
    rejections: [],
    dedupeKey: dedupeKey ?? undefined,
    completeness,
  };
}
