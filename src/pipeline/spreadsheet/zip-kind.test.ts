import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputFormatError } from '../../errors.js';
import { fixtureParts, writeFixture, zipParts } from '../../../test/support/xlsx-fixture.js';
import { sniffZip } from './zip-kind.js';

let dir: string;
beforeEach(async () => {
  dir = join(tmpdir(), `higia-zip-kind-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const sheets = [{ name: 'Dados', data: '' }];
const xlsb = () => {
  const parts = fixtureParts({ sheets, mainContentType: 'application/vnd.ms-excel.sheet.binary.macroEnabled.main' });
  parts['_rels/.rels'] = (parts['_rels/.rels'] as string).replace('xl/workbook.xml', 'xl/workbook.bin');
  parts['[Content_Types].xml'] = (parts['[Content_Types].xml'] as string).replace('/xl/workbook.xml', '/xl/workbook.bin');
  parts['xl/workbook.bin'] = new Uint8Array([0x83, 0x01, 0x00]);
  delete parts['xl/workbook.xml'];
  return parts;
};
const docx = {
  '[Content_Types].xml':
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ' +
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  '_rels/.rels':
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" ' +
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
};

describe('sniffZip', () => {
  it.each([
    ['an .xlsx', () => fixtureParts({ sheets }), 'xlsx'],
    ['an .xlsm', () => fixtureParts({ sheets, mainContentType: 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' }), 'xlsm'],
    ['an .xlsb', xlsb, 'xlsb'],
    ['an .ods', () => ({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office:document-content/>' }), 'ods'],
    ['a .docx', () => docx, 'zip'],
    ['a zip of CSVs', () => ({ 'clientes.csv': 'a;b\n', 'leia-me.txt': 'oi' }), 'zip'],
    ['an .xlsx without content types', () => {
      const parts = fixtureParts({ sheets });
      delete parts['[Content_Types].xml'];
      return parts;
    }, 'xlsx'],
  ])('%s → %s', async (_, parts, kind) => {
    expect((await sniffZip(await writeFixture(dir, parts()))).kind).toBe(kind);
  });

  it('lists the first entries, for the message about a plain zip', async () => {
    const parts = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`arquivo-${i}.csv`, 'x']));
    expect(await sniffZip(await writeFixture(dir, zipParts(parts)))).toEqual({
      kind: 'zip',
      entryNames: Array.from({ length: 10 }, (_, i) => `arquivo-${i}.csv`),
    });
  });

  it('a file that is not a zip → MALFORMED_XLSX', async () => {
    const path = await writeFixture(dir, new TextEncoder().encode('PK mas não é zip'));
    await expect(sniffZip(path)).rejects.toBeInstanceOf(InputFormatError);
    await expect(sniffZip(path)).rejects.toMatchObject({ problem: 'MALFORMED_XLSX' });
  });
});
