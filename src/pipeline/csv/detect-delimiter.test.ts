import { describe, expect, it } from 'vitest';
import { detectDelimiter } from './detect-delimiter.js';

describe('detectDelimiter', () => {
  it.each([
    ['semicolon', 'Nome;CPF;Renda\r\nAna;123;1,50\r\nBia;456;2,00\r\n', ';'],
    ['comma with decimal commas quoted', 'Nome,CPF,Renda\n"Silva, Ana",123,"1,50"\nBia,456,"2,00"\n', ','],
    ['tab', 'Nome\tCPF\nAna\t1\n', '\t'],
    ['pipe', 'Nome|CPF|UF\nAna|1|SP\n', '|'],
    ['semicolon although commas are more frequent', 'a;b\n"x,y,z";"1,2,3"\n"p,q";"4,5"\n', ';'],
  ])('%s', (_name, sample, want) => expect(detectDelimiter(sample)).toBe(want));

  it('falls back to ; for a single column', () => expect(detectDelimiter('Nome\nAna\nBia\n')).toBe(';'));
});
