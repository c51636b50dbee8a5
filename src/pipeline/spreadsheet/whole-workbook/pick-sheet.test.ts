import { describe, expect, it } from 'vitest';
import { pickSheet, type SheetEntry } from './pick-sheet.js';

const sheet = (name: string, flags: Partial<Omit<SheetEntry, 'name'>> = {}): SheetEntry => ({
  name,
  isHidden: false,
  isWorksheet: true,
  ...flags,
});

const WORKBOOK = [sheet('Gráfico', { isWorksheet: false }), sheet('Oculta', { isHidden: true }), sheet('Instruções'), sheet('Clientes'), sheet('clientes')];

describe('pickSheet', () => {
  it.each([
    [undefined, 'Instruções'],
    ['Clientes', 'Clientes'],
    ['clientes', 'clientes'],
    ['CLIENTES', 'Clientes'],
    ['instrucoes', 'Instruções'],
    [' Instruções ', 'Instruções'],
    ['Oculta', 'Oculta'],
  ])('pickSheet(workbook, %j) is %j', (wanted, want) => expect(pickSheet(WORKBOOK, wanted)).toBe(want));

  it('lists the sheets when the one asked for is missing', () => {
    expect(() => pickSheet(WORKBOOK, 'Vendas')).toThrow(
      'sheet "Vendas" not found; available sheets: "Gráfico", "Oculta", "Instruções", "Clientes", "clientes"',
    );
  });

  it('refuses a chart sheet asked for by name', () => {
    expect(() => pickSheet(WORKBOOK, 'grafico')).toThrow(
      'sheet "Gráfico" is a chart or dialog sheet, it has no cells; available sheets: "Gráfico", "Oculta", "Instruções", "Clientes", "clientes"',
    );
  });

  it('falls back to a hidden worksheet when no worksheet is visible', () => {
    expect(pickSheet([sheet('Gráfico', { isWorksheet: false }), sheet('Oculta', { isHidden: true })], undefined)).toBe('Oculta');
  });

  it('refuses a workbook with no worksheet', () => {
    expect(() => pickSheet([sheet('Gráfico', { isWorksheet: false })], undefined)).toThrow(
      expect.objectContaining({ problem: 'SHEET_NOT_FOUND', message: 'the workbook has no worksheet; sheets: "Gráfico"' }),
    );
  });
});
