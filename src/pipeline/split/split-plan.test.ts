import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInput, type InputReader } from '../stages/read-input.js';
import { csvRangeRows } from '../stages/read-csv.js';
import { BATCH_ROWS, headWindows1252Lines, lastLineOf, planParts } from './split-plan.js';

describe('planParts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-split-plan-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A CSV with title lines and a `sep=` line above the header, multi-line quoted cells, and `rows` records. */
  const csv = (rows: number) => {
    let text = 'sep=;\r\nRelatório de clientes\r\n\r\nnome;obs;cidade\r\n';
    for (let i = 0; i < rows; i++) text += i % 7 === 0 ? `Cliente ${i};"linha 1\r\nlinha 2; ""aspas""";São Paulo\r\n` : `Cliente ${i};ok;Recife\r\n`;
    return text;
  };
  const open = async (name: string, bytes: Buffer | string): Promise<{ path: string; reader: InputReader; firstLine: number }> => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    const reader = await openInput(path, { maxBytes: 1 << 30 });
    const first = await reader.rows[Symbol.asyncIterator]().next();
    return { path, reader, firstLine: (first.value as { line: number }).line };
  };

  it('cuts at record starts on batch boundaries, and the parts read alone give the whole file’s records', async () => {
    const { path, reader, firstLine } = await open('a.csv', csv(9 * BATCH_ROWS + 123));
    const whole: { line: number; cells: readonly string[] }[] = [];
    for await (const row of reader.rows) whole.push(row);
    reader.close();
    const parts = await planParts(path, reader.info, firstLine, { partBytes: 40_000 });
    expect(parts!.length).toBeGreaterThanOrEqual(3);
    expect(parts![0]!.line).toBe(firstLine);
    expect(parts!.at(-1)!.end).toBe(reader.info.bytes);
    const again: { line: number; cells: readonly string[] }[] = [];
    for (const part of parts!) {
      expect(part.end).toBeGreaterThan(part.start);
      expect(part.end - part.start).toBeGreaterThanOrEqual(part === parts!.at(-1) ? 1 : 40_000);
      const range = join(dir, `part-${part.index}`);
      await writeFile(range, (await readFile(path)).subarray(part.start, part.end));
      const rows = csvRangeRows(range, { encoding: reader.info.encoding!, delimiter: reader.info.delimiter!, firstLine: part.line });
      for await (const record of rows.rows) again.push({ line: record.line, cells: record.cells });
      expect(again.length % BATCH_ROWS === 0 || part === parts!.at(-1)).toBe(true);
    }
    expect(again.length).toBe(whole.length + 1); // the reader had given its first data row to the test
    expect(again.slice(1)).toEqual(whole);
    expect(lastLineOf(parts!, 0)).toBe(parts![1]!.line - 1);
  });

  it('keeps whole what must not be cut: a small file, UTF-16, a spreadsheet-less plan with no data', async () => {
    const small = await open('small.csv', csv(3 * BATCH_ROWS));
    expect(await planParts(small.path, small.reader.info, small.firstLine, { partBytes: small.reader.info.bytes })).toBeUndefined();
    small.reader.close();
    const utf16 = await open('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv(9 * BATCH_ROWS), 'utf16le')]));
    expect(utf16.reader.info.encoding).toBe('utf-16le');
    expect(await planParts(utf16.path, utf16.reader.info, utf16.firstLine, { partBytes: 40_000 })).toBeUndefined();
    utf16.reader.close();
    const off = await open('off.csv', csv(9 * BATCH_ROWS));
    expect(await planParts(off.path, off.reader.info, off.firstLine, { partBytes: 0 })).toBeUndefined();
    // A first data line the scan does not agree with (a reader that saw the file otherwise): whole.
    expect(await planParts(off.path, off.reader.info, off.firstLine + 1, { partBytes: 40_000 })).toBeUndefined();
    off.reader.close();
  });

  it('counts the Windows-1252 lines above the first part as a whole reader does', async () => {
    const bytes = Buffer.concat([Buffer.from('t\xedtulo\r\n', 'latin1'), Buffer.from('nome;cidade\r\nAna;S\xe3o Paulo\r\n', 'latin1')]);
    const path = join(dir, 'head.csv');
    await writeFile(path, bytes);
    expect(await headWindows1252Lines(path, 'título\r\nnome;cidade\r\n'.length)).toBe(1);
    expect(await headWindows1252Lines(path, bytes.length)).toBe(2);
    expect(await headWindows1252Lines(path, 0)).toBe(0);
  });
});
