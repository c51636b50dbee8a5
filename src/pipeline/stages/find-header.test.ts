import { describe, expect, it } from 'vitest';
import { findHeader, headerAtLine } from './find-header.js';

const records = (...rows: string[][]) => rows.map((cells, i) => ({ line: i + 1, cells }));
const ans = ['Registro ANS', 'CNPJ', 'Razão Social', 'DDD', 'Telefone'];
const data = (n: number) => Array.from({ length: n }, (_, i) => [`${300000 + i}`, '12345678000190', 'OPERADORA X', '11', '33334444']);

describe('findHeader', () => {
  it('keeps the first record when it is as wide as the table', () => {
    expect(findHeader(records(ans, ...data(5)))).toEqual({ index: 0, reason: 'first-record' });
  });

  it('skips a title line and a line with a date above the header', () => {
    const rows = records(['Relação de Operadoras Ativas ANS'], ['Gerado em', '02/12/2026'], ans, ...data(8));
    expect(findHeader(rows)).toEqual({ index: 2, reason: 'detected' });
  });

  it('skips a title written across a wider row with empty cells (as spreadsheets export it)', () => {
    expect(findHeader(records(['Clientes ativos', '', '', '', ''], ans, ...data(3)))).toMatchObject({ index: 1 });
  });

  it('accepts a header with a few empty names, and sparse data rows', () => {
    const sparse = data(6).map((r) => [r[0]!, '', r[2]!, '', '']);
    expect(findHeader(records(['Nome', 'CPF', '', 'Cidade', 'UF'], ...sparse))).toMatchObject({ index: 0 });
  });

  it('keeps the first record of a one-column file and of a header alone', () => {
    expect(findHeader(records(['Nome'], ['Ana'], ['Bia']))).toEqual({ index: 0, reason: 'first-record' });
    expect(findHeader(records(ans))).toEqual({ index: 0, reason: 'first-record' });
    expect(findHeader([])).toEqual({ index: 0, reason: 'first-record' });
  });

  it('skips a two-cell title line above a table whose first rows are sparse', () => {
    const header = ['Nome', 'CPF', 'E-mail', 'Telefone', 'Celular', 'CEP', 'Endereço', 'Bairro', 'Cidade', 'UF'];
    const sparse = Array.from({ length: 9 }, (_, i) => [`Cliente ${i}`, '', '', '', '', '', '', '', 'Recife', 'PE']);
    expect(findHeader(records(['Relatório gerado em', '02/12/2026'], header, ...sparse))).toMatchObject({ index: 1, reason: 'detected' });
  });

  it('keeps a header that is a cell or two shorter than rows with trailing delimiters', () => {
    expect(findHeader(records(['Nome', 'CPF', 'UF'], ...Array.from({ length: 5 }, () => ['Ana', '1', 'SP', ''])))).toMatchObject({ index: 0 });
    expect(findHeader(records(['Nome', 'CPF'], ...Array.from({ length: 5 }, () => ['Ana', '1', ''])))).toMatchObject({ index: 0 });
  });

  it('does not mistake a narrow first data row for a title when the header is first', () => {
    expect(findHeader(records(['Nome', 'CPF'], ['Ana', ''], ['Bia', '123']))).toMatchObject({ index: 0 });
  });
});

describe('headerAtLine', () => {
  it('takes the record on the layout line, or the first after it', () => {
    const rows = [{ line: 1 }, { line: 4 }, { line: 5 }];
    expect(headerAtLine(rows, 4)).toEqual({ index: 1, reason: 'layout' });
    expect(headerAtLine(rows, 2)).toEqual({ index: 1, reason: 'layout' });
    expect(headerAtLine(rows, 9)).toBeUndefined();
  });
});
