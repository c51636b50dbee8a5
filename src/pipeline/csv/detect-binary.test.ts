import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClientes } from '../../../test/support/run-higia.js';
import { binaryEvidence, looksBinary } from './detect-binary.js';

const HEAD = 64 * 1024;
let dir: string;
let utf8Csv: Buffer;
let latin1Csv: Buffer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'higia-binary-'));
  await generateClientes(join(dir, 'utf8'), 2000, '1');
  await generateClientes(join(dir, 'latin1'), 2000, '1', ['--encoding', 'latin1']);
  utf8Csv = await readFile(join(dir, 'utf8', 'clientes.csv'));
  latin1Csv = await readFile(join(dir, 'latin1', 'clientes.csv'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function randomBytes(length: number, seed: number, noNul = true): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = noNul ? 1 + (seed % 255) : seed % 256;
  }
  return bytes;
}

function randomPng(): Buffer {
  const png = new PNG({ width: 128, height: 128 });
  randomBytes(png.data.length, 7, false).copy(png.data);
  return PNG.sync.write(png);
}

/** A PDF as exporters write it: a text header, then compressed page streams. */
function pdfLike(): Buffer {
  const page = Buffer.from(Array.from({ length: 3000 }, (_, i) => `BT /F1 12 Tf 72 ${700 - (i % 50) * 12} Td (Cliente ${i * 7919}) Tj ET`).join('\n'));
  const stream = deflateSync(Buffer.concat([page, randomBytes(40_000, 3, false)]));
  return Buffer.concat([Buffer.from(`%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), stream]);
}

function withControls(csv: Buffer): Buffer {
  const text = csv.toString('utf8').split('\n');
  const controls = ['\x01', '\x07', '\x0b', '\x1b', '\x7f'];
  for (let k = 1; k < text.length; k += 300) text[k] = `${text[k]!.replace(/\r$/, '')}${controls[k % controls.length]}\r`;
  return Buffer.from(text.join('\n') + '\x1a', 'utf8');
}

describe('looksBinary', () => {
  it.each([
    ['random bytes without a NUL', () => randomBytes(HEAD, 1)],
    ['random high bytes only (no control byte at all)', () => randomBytes(HEAD, 2).map((b) => b | 0x80)],
    ['a PNG', randomPng],
    ['a PDF', pdfLike],
    ['a gzip of a CSV', () => gzipSync(utf8Csv)],
  ])('%s is binary', (_name, make) => {
    const head = make().subarray(0, HEAD);
    expect(looksBinary(head), JSON.stringify(binaryEvidence(head))).toBe(true);
  });

  it.each([
    ['the generated UTF-8 export', () => utf8Csv],
    ['the generated Latin-1 export', () => latin1Csv],
    ['an export with control characters in some Observação fields and a DOS end-of-file', () => withControls(utf8Csv)],
    ['a short export ending in 0x1A', () => Buffer.from('Nome;CPF\r\nAna;1\r\n\x1a')],
    ['all-caps Windows-1252 names', () => iconv.encode('NOME;RAZÃO\r\nJOÃO CONCEIÇÃO;AÇÕES E PARTICIPAÇÕES “SÃO JOÃO” LTDA\r\n'.repeat(200), 'win1252')],
    ['a short Windows-1252 export under a title ruled with dashes and bullets', () => iconv.encode(`Relatório de clientes\r\n${'—'.repeat(60)}\r\n${'•'.repeat(30)}\r\nNome;Valor\r\nJosé;€ 5\r\n`, 'win1252')],
  ])('%s is text', (_name, make) => {
    const head = make().subarray(0, HEAD);
    expect(looksBinary(head), JSON.stringify(binaryEvidence(head))).toBe(false);
  });
});
