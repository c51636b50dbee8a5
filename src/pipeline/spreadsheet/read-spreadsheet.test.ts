import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSpreadsheet } from '../stages/read-spreadsheet.js';
import { fixtureParts, writeFixture } from '../../../test/support/xlsx-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = join(tmpdir(), `higia-read-spreadsheet-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('openSpreadsheet', () => {
  // LibreOffice turns an Excel chart sheet into a worksheet holding only the chart, first in the tabs.
  it('an empty default sheet → EMPTY_FILE naming the other sheets, to pick one by name', async () => {
    const parts = fixtureParts({
      sheets: [
        { name: 'Gráfico', data: '' },
        { name: 'Dados', data: '<row r="1"><c r="A1" t="inlineStr"><is><t>nome</t></is></c></row>' },
      ],
    });
    const path = await writeFixture(dir, parts);
    await expect(openSpreadsheet(path, 'clientes.xlsx', 1, 'zip', { maxBytes: 1024 ** 2 })).rejects.toMatchObject({
      problem: 'EMPTY_FILE',
      message: 'clientes.xlsx has no rows in the sheet "Gráfico"; other sheets: "Dados" (pick one with --sheet or input.sheet)',
    });
  });

  it('a workbook of one empty sheet → EMPTY_FILE', async () => {
    const path = await writeFixture(dir, fixtureParts({ sheets: [{ name: 'Dados', data: '' }] }));
    await expect(openSpreadsheet(path, 'vazio.xlsx', 1, 'zip', { maxBytes: 1024 ** 2 })).rejects.toMatchObject({
      problem: 'EMPTY_FILE',
      message: 'vazio.xlsx has no rows in the sheet "Dados"',
    });
  });
});
