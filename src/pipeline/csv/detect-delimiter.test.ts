import { describe, expect, it } from 'vitest';
import { detectDelimiter, excelSeparatorLine } from './detect-delimiter.js';

describe('detectDelimiter', () => {
  it.each([
    ['semicolon', 'Nome;CPF;Renda\r\nAna;123;1,50\r\nBia;456;2,00\r\n', ';'],
    ['comma with decimal commas quoted', 'Nome,CPF,Renda\n"Silva, Ana",123,"1,50"\nBia,456,"2,00"\n', ','],
    ['tab', 'Nome\tCPF\nAna\t1\nBia\t2\n', '\t'],
    ['pipe', 'Nome|CPF|UF\nAna|1|SP\nBia|2|RJ\n', '|'],
    ['semicolon although commas are more frequent', 'a;b\n"x,y,z";"1,2,3"\n"p,q";"4,5"\n', ';'],
    ['a one-line file without a newline', 'Nome,CPF,Telefone', ','],
    ['a header and one row', 'Nome|CPF\nAna|1', '|'],
    ['a header only, tab', 'Nome\tCPF\tUF\r\n', '\t'],
    ['a header cut by the sample, counting outside quotes', '"a;b;c;d",' + 'Coluna,'.repeat(9000), ','],
    ['a title line with a comma above a semicolon table', 'Relação de clientes, gerado em 01/12/2026\n' + 'Nome;Razão;UF\n' + 'Ana;ACME, LTDA;SP\n'.repeat(10), ';'],
    ['a title and a blank line above a comma table', 'Operadoras ativas\n\nNome,CPF,UF\n' + 'Ana,1,SP\n'.repeat(5), ','],
    ['a title with semicolons above a tab table', 'Relatório;Gerado em;02/12/2026\n' + 'Nome\tCPF\tUF\tCEP\n' + 'Ana\t1\tSP\t01310-100\n'.repeat(5), '\t'],
  ])('%s', (_name, sample, want) => expect(detectDelimiter(sample)).toBe(want));

  it('falls back to ; for a single column', () => {
    expect(detectDelimiter('Nome\nAna\nBia\n')).toBe(';');
    expect(detectDelimiter('Nome')).toBe(';');
  });
});

describe('excelSeparatorLine', () => {
  it.each([
    ['sep=;\r\nNome;CPF\r\n', { delimiter: ';', length: 7 }],
    ['sep=,\nNome,CPF\n', { delimiter: ',', length: 6 }],
    ['SEP=\t\nNome\tCPF\n', { delimiter: '\t', length: 6 }],
    ['sep=|', { delimiter: '|', length: 5 }],
    ['sep=;x\nNome\n', undefined],
    ['Nome;sep=;\n', undefined],
  ])('excelSeparatorLine(%j)', (sample, want) => expect(excelSeparatorLine(sample)).toEqual(want));
});
