import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureParts, writeFixture } from '../../../test/support/xlsx-fixture.js';
import { InputFormatError, NotFoundError } from '../../errors.js';
import { openInput, type InputRow } from './read-input.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'higia-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string) {
  const reader = await openInput(path, { maxBytes: 1e9 });
  const rows: InputRow[] = [];
  for await (const row of reader.rows) rows.push(row);
  return { info: reader.info, header: reader.header.cells, rows };
}

describe('openInput (CSV)', () => {
  it('reads UTF-8 with BOM, semicolons and CRLF, skipping blank lines but keeping line numbers', async () => {
    const path = await fileWith('bom.csv', '\ufeffNome;Cidade\r\nJoão;São Paulo\r\n\r\n"Ana; Bia";"Brasília\r\nDF"\r\n');
    const { info, header, rows } = await readAll(path);
    expect(info).toMatchObject({ format: 'csv', encoding: 'utf-8-bom', delimiter: ';' });
    expect(header).toEqual(['Nome', 'Cidade']);
    expect(rows).toEqual([
      { line: 2, cells: ['João', 'São Paulo'] },
      { line: 4, cells: ['Ana; Bia', 'Brasília\r\nDF'] },
    ]);
  });

  it('decodes Windows-1252, including the 0x80–0x9F range that Latin-1 decoders get wrong', async () => {
    const text = 'Nome,Obs\r\nConceição,“ótimo” – R$ 5 €\r\n';
    const path = await fileWith('cp1252.csv', iconv.encode(text, 'win1252'));
    const { info, rows } = await readAll(path);
    expect(info).toMatchObject({ encoding: 'windows-1252', delimiter: ',' });
    expect(rows[0]!.cells).toEqual(['Conceição', '“ótimo” – R$ 5 €']);
  });

  it('finds a Latin-1 byte that appears only after the first megabyte', async () => {
    const filler = 'Nome;Cidade\n' + 'Ana;Recife\n'.repeat(120_000);
    const path = await fileWith('late-latin1.csv', Buffer.concat([Buffer.from(filler), iconv.encode('Zé;Maceió\n', 'latin1')]));
    const { info, rows } = await readAll(path);
    expect(info.encoding).toBe('windows-1252');
    expect(rows.at(-1)!.cells).toEqual(['Zé', 'Maceió']);
  });

  it.each([
    ['tab', 'a\tb\n1\t2\n', '\t'],
    ['pipe', 'a|b\n1|2\n', '|'],
    ['comma', 'a,b\n1,2\n', ','],
  ])('detects the %s delimiter', async (_name, content, delimiter) => {
    const { info, rows } = await readAll(await fileWith(`d-${delimiter.charCodeAt(0)}.csv`, content));
    expect(info.delimiter).toBe(delimiter);
    expect(rows[0]!.cells).toEqual(['1', '2']);
  });

  it.each([
    ['utf-16le', 'utf16le'],
    ['utf-16be', 'utf16be'],
  ] as const)('reads %s without a BOM (as some exporters write it) instead of calling it binary', async (want, iconvName) => {
    const path = await fileWith(`nobom-${want}.csv`, iconv.encode('Nome;UF;Obs\r\nÍtalo;SP;€ 5\r\n', iconvName));
    const { info, header, rows } = await readAll(path);
    expect(info.encoding).toBe(want);
    expect(header).toEqual(['Nome', 'UF', 'Obs']);
    expect(rows[0]!.cells).toEqual(['Ítalo', 'SP', '€ 5']);
  });

  it('reads UTF-16 LE with BOM', async () => {
    const path = await fileWith('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Nome;UF\r\nÍtalo;SP\r\n', 'utf16le')]));
    const { info, rows } = await readAll(path);
    expect(info.encoding).toBe('utf-16le');
    expect(rows[0]!.cells).toEqual(['Ítalo', 'SP']);
  });
});

/** Bytes from a fixed LCG, never 0: binary without the NUL the old check needed. */
function randomText(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = 12345;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = 1 + (x % 255);
  }
  return bytes;
}

describe('openInput refuses unusable files with a clear error', () => {
  const cases: [string, string | Buffer, string, RegExp][] = [
    ['empty.csv', '', 'EMPTY_FILE', /empty/],
    ['blank.csv', '\r\n\r\n   \r\n', 'EMPTY_FILE', /no records/],
    ['binary.csv', Buffer.from([0x4e, 0x6f, 0x00, 0x01, 0x02, 0x03]), 'BINARY_FILE', /binary/],
    ['truncated.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'MALFORMED_XLSX', /\.xls/],
    ['pagina.xls', '<html><body><table><tr><td>Nome</td></tr></table></body></html>', 'UNSUPPORTED_FORMAT', /web page \(HTML\) named \.xls/],
    ['random.csv', randomText(4096), 'BINARY_FILE', /binary/],
    ['arquivos.zip', Buffer.from(zipSync({ 'clientes.csv': strToU8('Nome;CPF\n'), 'leia-me.txt': strToU8('oi') })), 'UNSUPPORTED_FORMAT', /zip archive, not a spreadsheet \(it holds "clientes.csv", "leia-me.txt"\)/],
    ['fake.ods', 'Nome;CPF\n', 'MALFORMED_XLSX', /not a valid \.ods/],
    ['report.pdf', '%PDF-1.4 hello', 'UNSUPPORTED_FORMAT', /unsupported format \.pdf/],
    ['fake.xlsx', 'Nome;CPF\n', 'MALFORMED_XLSX', /not a zip/],
  ];
  it.each(cases)('%s', async (name, content, code, message) => {
    const error = await openInput(await fileWith(name, content), { maxBytes: 1e9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputFormatError);
    expect(error).toMatchObject({ code, retryable: false });
    expect((error as Error).message).toMatch(message);
  });

  it('reads tab-separated text named .xls (as ERPs write it) as what it is', async () => {
    const { info, header, rows } = await readAll(await fileWith('erp.xls', 'Nome\tCPF\r\nAna\t529.982.247-25\r\n'));
    expect(info).toMatchObject({ format: 'csv', delimiter: '\t' });
    expect([header, rows.map((r) => r.cells)]).toEqual([['Nome', 'CPF'], [['Ana', '529.982.247-25']]]);
  });

  it('refuses a file above the size limit', async () => {
    const path = await fileWith('big.csv', 'a;b\n1;2\n');
    await expect(openInput(path, { maxBytes: 4 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('says a missing file is missing', async () => {
    await expect(openInput(join(dir, 'nope.csv'), { maxBytes: 1e9 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('names the line of a quote that never closes', async () => {
    const path = await fileWith('open-quote.csv', 'a;b\n1;2\n3;"never closed\n4;5\n');
    await expect(readAll(path)).rejects.toThrow(/line 3/);
  });
});

describe('openInput (spreadsheets)', () => {
  const inlineRow = (r: number, ...values: string[]) =>
    `<row r="${r}">${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`;

  it('pads rows whose last cells are missing to the header, and skips a title row above it', async () => {
    const data = inlineRow(1, 'Clientes ativos') + inlineRow(3, 'Nome', 'CPF', 'Cidade') + inlineRow(4, 'Ana', '529.982.247-25') + inlineRow(5, 'Bia');
    const path = await writeFixture(dir, fixtureParts({ sheets: [{ name: 'Plan1', data }] }));
    const { info, header, rows } = await readAll(path);
    expect(info).toMatchObject({ format: 'xlsx', sheet: 'Plan1', headerLine: 3, linesAboveHeader: 1 });
    expect(header).toEqual(['Nome', 'CPF', 'Cidade']);
    expect(rows).toEqual([
      { line: 4, cells: ['Ana', '529.982.247-25', ''] },
      { line: 5, cells: ['Bia', '', ''] },
    ]);
  });

  it('refuses a sheet that goes past the row limit (Excel holds 1,048,576) as too large', async () => {
    const data = [1, 2, 3, 4, 5].map((r) => inlineRow(r, `v${r}`, 'x')).join('');
    const path = await writeFixture(dir, fixtureParts({ sheets: [{ name: 'Plan1', data }] }));
    const read = async () => {
      const reader = await openInput(path, { maxBytes: 1e9, spreadsheetLimits: { maxRows: 3 } });
      for await (const row of reader.rows) void row;
    };
    await expect(read()).rejects.toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/past row 3/) });
  });
});

