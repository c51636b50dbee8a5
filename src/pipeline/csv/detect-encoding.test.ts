import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClientes } from '../../../test/support/run-higia.js';
import { detectEncoding, utf16WithoutBom } from './detect-encoding.js';

let dir: string;
let latin1: Buffer;
let utf8: Buffer; // without its BOM: the detection has to find it
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'higia-encoding-'));
  await generateClientes(join(dir, 'latin1'), 2000, '1', ['--encoding', 'latin1']);
  await generateClientes(join(dir, 'utf8'), 2000, '1');
  latin1 = await readFile(join(dir, 'latin1', 'clientes.csv'));
  utf8 = (await readFile(join(dir, 'utf8', 'clientes.csv'))).subarray(3);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function detect(name: string, content: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return detectEncoding(path);
}

const lines = (b: Buffer): Buffer[] => b.toString('latin1').split('\n').map((l) => Buffer.from(l, 'latin1'));
const joinLines = (parts: Buffer[]) => Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from('\n'), p])));

describe('detectEncoding', () => {
  it('a Windows-1252 file throughout (generated latin1 export)', async () => {
    expect(await detect('latin1.csv', latin1)).toBe('windows-1252');
  });

  it('a UTF-8 file (generated export without BOM)', async () => {
    expect(await detect('utf8.csv', utf8)).toBe('utf-8');
  });

  it('a UTF-8 file with one line saved in Windows-1252 stays UTF-8', async () => {
    const parts = lines(utf8);
    parts.splice(500, 0, iconv.encode('Zé da Conceição;;;;;;;;;;Maceió;AL;;;', 'win1252'));
    expect(await detect('one-line.csv', joinLines(parts))).toBe('utf-8');
  });

  it('a UTF-8 file with a 1252 byte inside a line of UTF-8 accents stays UTF-8', async () => {
    const parts = lines(utf8);
    parts[7] = Buffer.concat([Buffer.from('João Conceição;', 'utf8'), iconv.encode('é', 'win1252'), Buffer.from(';São', 'utf8')]);
    expect(await detect('one-byte.csv', joinLines(parts))).toBe('utf-8');
  });

  it('ASCII for 5 MB, then Windows-1252 bytes', async () => {
    const ascii = Buffer.alloc(5 * 1024 * 1024, 'Ana;123;Rua A\n');
    expect(await detect('late.csv', Buffer.concat([ascii, iconv.encode('José;Conceição;Maceió\n', 'win1252')]))).toBe('windows-1252');
  });

  it('a multi-byte sequence across the 1 MiB read boundary is not invalid', async () => {
    const content = Buffer.concat([Buffer.alloc((1 << 20) - 1, 'a'), Buffer.from('ção\n', 'utf8')]);
    expect(await detect('boundary.csv', content)).toBe('utf-8');
  });

  it.each([
    ['utf-8-bom', [0xef, 0xbb, 0xbf, 0x41, 0xe9]],
    ['utf-16le', [0xff, 0xfe, 0x41, 0x00]],
    ['utf-16be', [0xfe, 0xff, 0x00, 0x41]],
  ])('a BOM settles it: %s', async (want, bytes) => {
    expect(await detect(`bom-${want}.csv`, Buffer.from(bytes))).toBe(want);
  });

  it('stops when the signal is aborted', async () => {
    const path = join(dir, 'aborted.csv');
    await writeFile(path, utf8);
    await expect(detectEncoding(path, AbortSignal.abort(new Error('stop')))).rejects.toThrow('stop');
  });
});

describe('utf16WithoutBom', () => {
  it.each([
    ['UTF-16 LE text', iconv.encode('Nome;Cidade\r\nJoão;Maceió\r\n', 'utf16le'), 'utf-16le'],
    ['UTF-16 BE text', iconv.encode('Nome;Cidade\r\nJoão;Maceió\r\n', 'utf16be'), 'utf-16be'],
    ['UTF-16 LE with a few code units above U+00FF', iconv.encode('Obs\r\n€ 5 – “ok”; 1234567890 abcdefghij\r\n', 'utf16le'), 'utf-16le'],
    ['UTF-8 text', Buffer.from('Nome;Cidade\r\nJoão;Maceió\r\n'), undefined],
    ['binary with NULs in both halves', Buffer.from([0x4e, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x03]), undefined],
    ['one code unit', Buffer.from([0x41, 0x00]), undefined],
    ['control bytes between NULs (binary that looks like UTF-16)', Buffer.from([0x01, 0x00, 0x02, 0x00, 0x03]), undefined],
    ['control bytes between NULs, big-endian', Buffer.from([0x00, 0x01, 0x00, 0x02, 0x00, 0x1b]), undefined],
  ])('%s', (_what, bytes, want) => expect(utf16WithoutBom(bytes)).toBe(want));

  it('is what detectEncoding says of a UTF-16 file without a BOM', async () => {
    expect(await detect('nobom16.csv', iconv.encode('Nome;UF\r\nÍtalo;SP\r\n', 'utf16le'))).toBe('utf-16le');
  });
});
