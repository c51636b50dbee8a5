import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MixedUtf8Decoder } from './mixed-utf8-decoder.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const cp1252 = (s: string) => iconv.encode(s, 'win1252');

function decodeInChunks(bytes: Buffer, size: number): { text: string; windows1252Lines: number } {
  const decoder = new MixedUtf8Decoder();
  let text = '';
  for (let i = 0; i < bytes.length; i += size) text += decoder.decode(bytes.subarray(i, i + size));
  text += decoder.end();
  return { text, windows1252Lines: decoder.windows1252Lines };
}

describe('MixedUtf8Decoder', () => {
  const accents = 'Código;Razão Social;Observação\r\nJoão;AÇÕES € LTDA;“ok” 😀 ½\n';

  it.each([1, 2, 3, 5, 1 << 20])('decodes valid UTF-8 cut into chunks of %i bytes, 4-byte sequences included', (size) => {
    expect(decodeInChunks(utf8(accents), size)).toEqual({ text: accents, windows1252Lines: 0 });
  });

  it.each([1, 3, 1 << 20])('reads only the invalid bytes as Windows-1252 and counts their lines (chunks of %i)', (size) => {
    const bytes = Buffer.concat([
      utf8('Código;Cidade\r\n1;São Paulo\r\n'),
      cp1252('2;Maceió ; Avenida “Ipê”\r\n'), // a whole line saved by a 1252 program
      utf8('3;Goiânia '), cp1252('é'), utf8(' ação\r\n'), // a 1252 byte among UTF-8 accents
      cp1252('4;Jaú\n'), cp1252('5;Itu'), cp1252('í\r'), utf8('6;Belém\n'),
    ]);
    expect(decodeInChunks(bytes, size)).toEqual({
      text: 'Código;Cidade\r\n1;São Paulo\r\n2;Maceió ; Avenida “Ipê”\r\n3;Goiânia é ação\r\n4;Jaú\n5;Ituí\r6;Belém\n',
      windows1252Lines: 4,
    });
  });

  it('keeps every byte: bytes 1252 leaves undefined become the C1 control of the same number', () => {
    expect(decodeInChunks(Buffer.from([0x41, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x80]), 1 << 20).text).toBe('A\u0081\u008d\u008f\u0090\u009d€');
  });

  it.each([
    ['a sequence cut by the end of the input', [0x61, 0xc3], 'aÃ'],
    ['a lone continuation byte', [0x61, 0xa9, 0x62], 'a©b'],
    ['an overlong form', [0xc0, 0xaf], 'À¯'],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 'í\u00a0€'],
    ['a lead byte followed by ASCII', [0xe9, 0x73, 0x74], 'ést'],
  ])('reads %s as Windows-1252', (_name, bytes, want) => {
    expect(decodeInChunks(Buffer.from(bytes), 1).text).toBe(want);
    expect(decodeInChunks(Buffer.from(bytes), 1 << 20).text).toBe(want);
  });
});

describe('MixedUtf8Decoder limits', () => {
  it('reads a 1252 byte pair that is also valid UTF-8 as UTF-8 ("Ç”" is C7 94, "ǔ"): why all-1252 files are decoded whole', () => {
    expect(decodeInChunks(Buffer.concat([utf8('ação;'), cp1252('“Ç”')]), 1 << 20).text).toBe('ação;“ǔ');
  });
});
