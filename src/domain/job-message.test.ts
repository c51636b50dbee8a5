import { describe, expect, it } from 'vitest';
import { InvalidMessageError } from '../errors.js';
import { confineFileName, decodeJobMessage, parseJobMessage } from './job-message.js';

describe('confineFileName', () => {
  it.each([
    ['clientes.csv', 'clientes.csv'],
    ['2026/novembro/clientes.csv', '2026/novembro/clientes.csv'],
    ['Clientes São Paulo #1 (50%).xlsx', 'Clientes São Paulo #1 (50%).xlsx'],
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
});
