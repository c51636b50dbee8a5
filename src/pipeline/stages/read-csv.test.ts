import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCsv, type CsvReadOptions } from './read-csv.js';
import type { InputRow } from './read-input.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'higia-read-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readCsv(name: string, content: string | Buffer, options: Partial<CsvReadOptions> = {}) {
  const path = join(dir, name);
  await writeFile(path, content);
  const bytes = await readFile(path);
  const reader = await openCsv(path, name, bytes.length, bytes.subarray(0, 64 * 1024), { maxBytes: 1e9, ...options });
  const rows: InputRow[] = [];
  try {
    for await (const row of reader.rows) rows.push(row);
  } finally {
    reader.close();
  }
  return { info: reader.info, header: reader.header, rows, stats: reader.readStats() };
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const cp1252 = (s: string) => iconv.encode(s, 'win1252');

describe('openCsv', () => {
  it('reads a UTF-8 file with three Windows-1252 lines: accents right everywhere, the lines counted', async () => {
    const content = Buffer.concat([
      utf8('Código;Nome;Observação\r\n1;João;ação\r\n'),
      cp1252('2;José;não\r\n'),
      utf8('3;Conceição;'), cp1252('Pé'), utf8(' de moleque\r\n'),
      cp1252('4;Inês;“sim”\r\n'),
      utf8('5;Ângela;€\r\n'),
    ]);
    const { info, header, rows, stats } = await readCsv('mixed.csv', content);
    expect(info.encoding).toBe('utf-8');
    expect(header.cells).toEqual(['Código', 'Nome', 'Observação']);
    expect(rows.map((r) => r.cells)).toEqual([
      ['1', 'João', 'ação'],
      ['2', 'José', 'não'],
      ['3', 'Conceição', 'Pé de moleque'],
      ['4', 'Inês', '“sim”'],
      ['5', 'Ângela', '€'],
    ]);
    expect(stats.windows1252Lines).toBe(3);
  });

  it('reads a Windows-1252 file whole, with no line counted as fallback', async () => {
    const { info, header, rows, stats } = await readCsv('cp1252.csv', cp1252('Código;Razão\r\n1;AÇÕES “Ç” LTDA\r\n'));
    expect(info.encoding).toBe('windows-1252');
    expect([header.cells, rows[0]!.cells]).toEqual([['Código', 'Razão'], ['1', 'AÇÕES “Ç” LTDA']]);
    expect(stats.windows1252Lines).toBe(0);
  });

  it('still reads UTF-16 with a BOM', async () => {
    const content = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nome\tCidade\r\nJoão\tSão Paulo\r\n', 'utf16le')]);
    const { info, header, rows } = await readCsv('utf16.csv', content);
    expect([info.encoding, info.delimiter, header.cells, rows[0]!.cells]).toEqual(['utf-16le', '\t', ['Nome', 'Cidade'], ['João', 'São Paulo']]);
  });

  it('takes the delimiter from a one-line file without a newline', async () => {
    const { info, header, rows } = await readCsv('one-line.csv', 'Nome,CPF,Telefone');
    expect([info.delimiter, header.cells, rows]).toEqual([',', ['Nome', 'CPF', 'Telefone'], []]);
  });

  it('takes the delimiter from a header longer than the sniff sample', async () => {
    const names = Array.from({ length: 9000 }, (_, i) => `Coluna ${i}`);
    const { info, header, rows } = await readCsv('wide.csv', `${names.join(',')}\n${names.map((_, i) => i).join(',')}\n`);
    expect([info.delimiter, header.cells.length, rows[0]!.cells.length]).toEqual([',', 9000, 9000]);
  });

  it('skips an Excel sep= line, takes its delimiter and counts it above the header', async () => {
    const { info, header, rows } = await readCsv('sep.csv', 'sep=,\r\nNome;Apelido,CPF\r\nAna;Aninha,1\r\n');
    expect([info.delimiter, info.headerLine, info.linesAboveHeader]).toEqual([',', 2, 1]);
    expect([header.cells, rows]).toEqual([['Nome;Apelido', 'CPF'], [{ line: 3, cells: ['Ana;Aninha', '1'] }]]);
  });

  it('counts a quoted-empty record of a one-column file', async () => {
    const { rows } = await readCsv('one-column.csv', 'Nome\n""\n\nAna\n');
    expect(rows).toEqual([{ line: 2, cells: [''] }, { line: 4, cells: ['Ana'] }]);
  });

  it('refuses a record longer than maxRecordChars', async () => {
    await expect(readCsv('long.csv', `a;b\n${'x'.repeat(300_000)}\n`, { maxRecordChars: 100_000 })).rejects.toMatchObject({
      problem: 'RECORD_TOO_LONG',
      message: expect.stringMatching(/line 2 is longer than/),
    });
  });

  it('stops reading at the next chunk once the signal is aborted, with the signal reason', async () => {
    const path = join(dir, 'abort.csv');
    await writeFile(path, 'Nome;CPF\n' + 'Ana;1\n'.repeat(1_000_000));
    const controller = new AbortController();
    const head = (await readFile(path)).subarray(0, 64 * 1024);
    const reader = await openCsv(path, 'abort.csv', 0, head, { maxBytes: 1e9, signal: controller.signal });
    let count = 0;
    const reason = new Error('interrupted');
    await expect(
      (async () => {
        for await (const row of reader.rows) if (row && ++count === 10) controller.abort(reason);
      })(),
    ).rejects.toBe(reason);
    reader.close();
    expect(count).toBeLessThan(400_000); // one chunk of 1 MiB holds about 175 000 rows
  });
});
