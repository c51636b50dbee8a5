import { describe, expect, it } from 'vitest';
import { InvalidMessageError } from '../errors.js';
import { confineFileName, decodeJobMessage, MAX_MESSAGE_DEPTH, MAX_MESSAGE_NODES, parseJobMessage } from './job-message.js';

/** `levels` objects, each holding the next: nest(1) is `{ a: 1 }`. */
const nest = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('confineFileName', () => {
  it.each([
    ['clientes.csv', 'clientes.csv'],
    ['2026/novembro/clientes.csv', '2026/novembro/clientes.csv'],
    ['Clientes São Paulo #1 (50%).xlsx', 'Clientes São Paulo #1 (50%).xlsx'],
    ['relatório 📊.csv', 'relatório 📊.csv'],
  ])('accepts %j', (name, want) => expect(confineFileName(name)).toBe(want));

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['../etc/passwd', /"\.\."/],
    ['a/../../b.csv', /"\.\."/],
    ['./a.csv', /segment/],
    ['a//b.csv', /segment/],
    ['/etc/passwd', /absolute/],
    ['a\\b.csv', /backslash/],
    ['a\u0000.csv', /control/],
    ['line\nbreak.csv', /control/],
    ['a/ b.csv', /space/],
    ['a\uD800.csv', /lone UTF-16 surrogate/],
    ['a\uDC00b.csv', /lone UTF-16 surrogate/],
    ['\uDE00\uD83D.csv', /lone UTF-16 surrogate/],
  ])('rejects %j', (name, why) => {
    expect(() => confineFileName(name)).toThrow(InvalidMessageError);
    expect(() => confineFileName(name)).toThrow(why);
  });
});

describe('parseJobMessage', () => {
  it('takes the legacy shape alone', () => {
    expect(parseJobMessage({ file_name: 'clientes.csv' })).toEqual({ file_name: 'clientes.csv' });
  });

  it('keeps the optional fields and tolerates unknown ones', () => {
    const message = parseJobMessage({
      file_name: 'a.csv',
      job_id: 'abc-1',
      lang: 'en',
      layout: { dedupe: { enabled: false } },
      options: { formats: ['csv'], sheet: 'Plan1', future: true },
      producer: 'pyservice-api',
    });
    expect(message).toMatchObject({ file_name: 'a.csv', job_id: 'abc-1', lang: 'en', options: { formats: ['csv'], sheet: 'Plan1' } });
  });

  it.each([
    [{}, /file_name/],
    [{ file_name: 42 }, /file_name/],
    [{ file_name: '../x.csv' }, /file_name/],
    [{ file_name: 'a.csv', lang: 'fr' }, /lang/],
    [{ file_name: 'a.csv', job_id: 'has space' }, /job_id/],
    [{ file_name: 'a.csv', options: { formats: ['docx'] } }, /options\.formats/],
    [null, /expected object/i],
    [['a.csv'], /expected object/i],
  ])('rejects %j with the reason', (value, why) => {
    expect(() => parseJobMessage(value)).toThrow(InvalidMessageError);
    expect(() => parseJobMessage(value)).toThrow(why);
  });
});

describe('parseJobMessage shape limits', () => {
  it(`takes a layout nested ${MAX_MESSAGE_DEPTH} levels deep`, () => {
    expect(parseJobMessage({ file_name: 'a.csv', layout: nest(MAX_MESSAGE_DEPTH) }).layout).toEqual(nest(MAX_MESSAGE_DEPTH));
  });

  it.each([
    ['a layout one level too deep', { file_name: 'a.csv', layout: nest(MAX_MESSAGE_DEPTH + 1) }, /^layout: nested deeper than 32 levels$/],
    ['a layout 100,000 levels deep', { file_name: 'a.csv', layout: nest(100_000) }, /^layout: nested deeper/],
    ['an unknown field too deep', { file_name: 'a.csv', extra: nest(MAX_MESSAGE_DEPTH + 1) }, /^extra: nested deeper/],
    [
      'a layout with too many keys',
      { file_name: 'a.csv', layout: { columns: Object.fromEntries(Array.from({ length: MAX_MESSAGE_NODES }, (_, i) => [`c${i}`, 'text'])) } },
      /^layout: the message has more than 10000 keys and items$/,
    ],
    ['an unknown array too long', { file_name: 'a.csv', extra: new Array(MAX_MESSAGE_NODES + 1).fill(0) }, /^extra: .*more than 10000/],
  ])('rejects %s with the reason', (_, value, why) => {
    expect(() => parseJobMessage(value)).toThrow(InvalidMessageError);
    expect(() => parseJobMessage(value)).toThrow(why);
  });
});

describe('decodeJobMessage', () => {
  it('decodes the bytes pika sends', () => {
    expect(decodeJobMessage(Buffer.from('{"file_name": "clientes.csv"}'))).toEqual({ file_name: 'clientes.csv' });
  });

  it.each([
    [Buffer.from('not json'), /not UTF-8 JSON/],
    [Buffer.from([0x7b, 0xff, 0x7d]), /not UTF-8 JSON/],
    [Buffer.from(''), /not UTF-8 JSON/],
  ])('rejects a body that is not UTF-8 JSON', (body, why) => {
    expect(() => decodeJobMessage(body)).toThrow(why);
  });

  it('rejects an escaped lone surrogate in file_name as an invalid message', () => {
    const body = Buffer.from('{"file_name": "a\\ud800.csv"}');
    expect(() => decodeJobMessage(body)).toThrow(InvalidMessageError);
    expect(() => decodeJobMessage(body)).toThrow(/file_name: .*lone UTF-16 surrogate/);
  });

  it('rejects a layout nested 100,000 levels deep as an invalid message, not a stack overflow', () => {
    const body = Buffer.from(`{"file_name": "a.csv", "layout": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`);
    expect(() => decodeJobMessage(body)).toThrow(InvalidMessageError);
    expect(() => decodeJobMessage(body)).toThrow(/layout: nested deeper than 32 levels/);
  });
});
