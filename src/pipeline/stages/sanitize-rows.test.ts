import { describe, expect, it } from 'vitest';
import { planColumns } from '../../domain/columns/column-plan.js';
import type { CleanRow } from '../../domain/row.js';
import { toColumnPlans, toSpecColumns } from '../parallel/sanitize-batch.js';
import { rowSanitizer } from './sanitize-rows.js';

const today = '2026-11-27';
const header = ['Nome', 'CPF', 'E-mail', 'CEP', 'UF', 'Código interno'];
const columns = planColumns(header, [], { overrides: {}, sniff: false, context: { today } });

function run(rows: string[][], keys = ['cpf', 'cnpj', 'email_name', 'phone_name'] as const): CleanRow[] {
  const sanitize = rowSanitizer({ columns, dedupeKeys: keys, today });
  return rows.map((cells, i) => sanitize({ line: i + 2, cells }));
}

describe('rowSanitizer', () => {
  it('cleans typed columns, leaves unknown ones untouched, and scores completeness', async () => {
    const [row] = run([['MARIA DAS DORES', '52998224725', ' X@Y.COM ', '01310100', 'sp', '  007 ']]);
    expect(row!.values).toEqual(['Maria das Dores', '529.982.247-25', 'x@y.com', '01310-100', 'SP', '  007 ']);
    expect(row!.statuses).toEqual(['corrected', 'corrected', 'corrected', 'corrected', 'corrected', undefined]);
    expect(row!.completeness).toBe(5);
    expect(row!.dedupeKey).toBe('cpf:529.982.247-25');
    expect(row!.rejections).toEqual([]);
  });

  it('checks the CEP against the UF of the same row, even when UF comes later', async () => {
    const [row] = run([['Ana', '', '', '01310-100', 'RJ', '']]);
    expect(row!.statuses[3]).toBe('invalid');
    expect(row!.issues).toEqual([expect.objectContaining({ column: 3, code: 'CEP_UF_MISMATCH' })]);
  });

  it('keeps an invalid value as written and says why', async () => {
    const [row] = run([['Ana', '529.982.247-24', '', '', '', '']]);
    expect(row!.values[1]).toBe('529.982.247-24');
    expect(row!.issues).toEqual([expect.objectContaining({ column: 1, code: 'CHECK_DIGIT' })]);
  });

  it('falls back to weaker keys, and to none', async () => {
    const rows = run([
      ['Ana Lima', '', 'ana@x.com', '', '', ''],
      ['Ana Lima', '111.111.111-11', '', '', '', ''],
    ]);
    expect(rows.map((r) => r.dedupeKey)).toEqual(['email_name:ana@x.com|ana lima', undefined]);
  });

  it('rejects rows with the wrong number of cells but forgives trailing empty ones', async () => {
    const rows = run([
      ['Ana', '52998224725'],
      ['Ana', '52998224725', '', '', '', '', '', ' '],
      ['Ana', '52998224725', '', '', '', '', 'extra'],
    ]);
    expect(rows.map((r) => r.rejections.map((j) => j.code))).toEqual([['COLUMN_COUNT'], [], ['COLUMN_COUNT']]);
    expect(rows[0]!.rejections[0]!.detail).toBe('expected 6 columns, found 2');
  });

  it('rejects a row where nothing identifies a person', async () => {
    const [row] = run([['', '000.000.000-00', 'not-an-email', '01310-100', 'SP', 'x']]);
    expect(row!.rejections.map((r) => r.code)).toEqual(['NO_USABLE_DATA']);
    expect(row!.dedupeKey).toBeUndefined();
  });
});

describe('rowSanitizer: a DDD in its own column', () => {
  const ansHeader = ['Razão Social', 'DDD', 'Telefone', 'Fax', 'DDD Celular', 'Celular'];
  const ansColumns = planColumns(ansHeader, [], { overrides: {}, sniff: false, context: { today } });
  const sanitizeAns = (cells: string[], columns = ansColumns) =>
    rowSanitizer({ columns, dedupeKeys: ['cpf'], today })({ line: 2, cells });

  it('completes phones written without a DDD from their paired column', () => {
    const row = sanitizeAns(['Unimed Teste', '(011)', '3456-7890', '34567891', '21', '98765-4321']);
    expect(row.values).toEqual(['Unimed Teste', '11', '+551134567890', '+551134567891', '21', '+5521987654321']);
    expect(row.statuses.slice(1)).toEqual(['corrected', 'corrected', 'corrected', 'valid', 'corrected']);
    expect(row.infos.slice(2)).toEqual(['fixo', 'fixo', undefined, 'celular']);
    expect(row.issues).toEqual([]);
  });

  it('keeps a DDD the phone already has', () => {
    const row = sanitizeAns(['X', '11', '(21) 2345-6789', '', '', '']);
    expect(row.values[2]).toBe('+552123456789');
  });

  it('leaves a phone without a DDD when the column has none or a wrong one, and never rejects the row for it', () => {
    const row = sanitizeAns(['Unimed Teste', '20', '3456-7890', '', '', '98765-4321']);
    expect(row.statuses.slice(1)).toEqual(['invalid', 'invalid', 'empty', 'empty', 'invalid']);
    expect(row.issues.map((i) => [i.column, i.code])).toEqual([
      [1, 'UNKNOWN_AREA_CODE'],
      [2, 'NO_AREA_CODE'],
      [5, 'NO_AREA_CODE'],
    ]);
    expect(row.rejections).toEqual([]);
  });

  it('keeps the pairing when the plan crosses to a worker thread as plain data', () => {
    const cells = ['X', '11', '3456-7890', '', '', ''];
    const spec = { columns: toSpecColumns(ansColumns), dedupeKeys: ['cpf'] as const, today };
    const crossed = structuredClone(spec);
    expect(sanitizeAns(cells, toColumnPlans(crossed)).values[2]).toBe('+551134567890');
    // A spec that picked its fields without the pairing gets it back from the headers.
    const picked = { ...spec, columns: ansColumns.map(({ index, header, type, required, mappedBy }) => ({ index, header, type, required, mappedBy })) };
    expect(sanitizeAns(cells, toColumnPlans(picked)).values[2]).toBe('+551134567890');
  });

  it('keeps a layout pairing across the thread boundary', () => {
    const columns = planColumns(['Fone', 'Cod'], [], { overrides: { Fone: { type: 'phone', areaCode: 'Cod' } }, sniff: false, context: { today } });
    const crossed = structuredClone({ columns: toSpecColumns(columns), dedupeKeys: ['cpf'] as const, today });
    expect(toColumnPlans(crossed).map((c) => c.areaCodeColumn)).toEqual([1, undefined]);
    const row = rowSanitizer({ columns: toColumnPlans(crossed), dedupeKeys: ['cpf'], today })({ line: 2, cells: ['98765-4321', '31'] });
    expect(row.values).toEqual(['+5531987654321', '31']);
  });
});
