import { describe, expect, it } from 'vitest';
import { outputBaseName } from './output-names.js';

describe('outputBaseName', () => {
  it.each([
    ['clientes.csv', 'clientes'],
    ['clientes.2026.xlsx', 'clientes.2026'],
    ['..csv', 'arquivo'],
    ['.csv', 'csv'], // extname sees no extension in a dot-file: the name itself, unhidden
    ['.hidden.csv', 'hidden'],
    ['a..csv', 'a'],
    ['relatório: jan?.csv', 'relatório_ jan_'],
    ['  espaço .csv', 'espaço'],
    ['semextensao', 'semextensao'],
  ])('%j → %j', (input, want) => expect(outputBaseName(input)).toBe(want));
});
