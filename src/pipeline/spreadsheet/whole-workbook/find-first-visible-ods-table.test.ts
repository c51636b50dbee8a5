import { readFileSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { findFirstVisibleOdsTable } from './find-first-visible-ods-table.js';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../../../../test/fixtures/whole-workbook/${name}`, import.meta.url));

const odsWith = (content: string): Uint8Array =>
  zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8(content) });

const hiddenStyle = (name: string): string =>
  `<style:style style:name="${name}" style:family="table"><style:table-properties table:display="false"/></style:style>`;

describe('findFirstVisibleOdsTable', () => {
  it('skips the hidden first sheet of a LibreOffice .ods', () => {
    expect(findFirstVisibleOdsTable(fixture('clientes.ods'))).toBe('Instruções');
  });

  it('gives the first table when none is hidden', () => {
    expect(findFirstVisibleOdsTable(fixture('datas-1904.ods'))).toBe('Datas');
  });

  it('reads escaped names', () => {
    const content = `<x>${hiddenStyle('ta1')}<table:table table:name="Preços &amp; &#x43;ia" table:style-name="ta2"></table:table></x>`;
    expect(findFirstVisibleOdsTable(odsWith(content))).toBe('Preços & Cia');
  });

  it('finds tags cut across the 64 KiB chunks it reads', () => {
    // Stored, not deflated: the chunks of content.xml are the chunks of the file, so some padding cuts the tag.
    const tail = `<table:table table:name="Oculta" table:style-name="ta1"></table:table><table:table table:name="Dados" table:style-name="ta2"></table:table>`;
    for (let pad = 65_300; pad < 65_536; pad += 3) {
      const content = `<x>${hiddenStyle('ta1')}${' '.repeat(pad)}${tail}</x>`;
      const zip = zipSync({ 'content.xml': [strToU8(content), { level: 0 }] });
      expect(findFirstVisibleOdsTable(zip), `pad ${pad}`).toBe('Dados');
    }
  });

  it('gives undefined when every table is hidden', () => {
    const content = `<x>${hiddenStyle('ta1')}<table:table table:name="A" table:style-name="ta1"></table:table></x>`;
    expect(findFirstVisibleOdsTable(odsWith(content))).toBeUndefined();
  });
});
