/**
 * The file descriptor of a workbook is released however the reading ends: all rows read, the
 * caller stopping early (break, or close() without finishing), a zip that breaks mid-sheet. Open
 * descriptors are counted in /proc/self/fd, so these run on Linux only.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputFormatError } from '../../errors.js';
import { openSpreadsheet } from '../stages/read-spreadsheet.js';
import { DEFAULT_SPREADSHEET_LIMITS } from './opened-sheet.js';
import { openXlsxSheet } from './xlsx/open-xlsx-sheet.js';
import { fixtureParts, writeFixture, zipParts } from '../../../test/support/xlsx-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = join(tmpdir(), `higia-file-release-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const descriptorsOf = (path: string): number =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;

// fs.close completes on the thread pool: wait for it rather than for a fixed time.
const expectReleased = (path: string) => vi.waitFor(() => expect(descriptorsOf(path)).toBe(0), { timeout: 2000, interval: 10 });

// Random text so the deflated sheet is large (hundreds of KB): reading it takes many chunks.
const manyRows = (count: number): string =>
  Array.from({ length: count }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${randomUUID()}</t></is></c></row>`).join('');

const bigSheet = () => fixtureParts({ sheets: [{ name: 'Dados', data: manyRows(20_000) }] });

/** The zip with bytes in the middle of the sheet's deflate stream overwritten: the directory stays valid. */
function withBrokenSheet(zip: Uint8Array): Uint8Array {
  const bytes = Buffer.from(zip);
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const at = bytes.indexOf(name); // in its local header, the first place the name appears
  const compressedBytes = bytes.readUInt32LE(at - 30 + 18);
  const dataStart = at + name.length + bytes.readUInt16LE(at - 30 + 28);
  bytes.fill(0xff, dataStart + Math.floor(compressedBytes / 2), dataStart + Math.floor(compressedBytes / 2) + 4096);
  return bytes;
}

const options = { maxBytes: 1024 ** 3 };

describe.runIf(process.platform === 'linux')('releasing the file', () => {
  it('close() in the middle of the rows, without finishing them, releases the file', async () => {
    const path = await writeFixture(dir, bigSheet());
    const sheet = await openXlsxSheet(path, { limits: DEFAULT_SPREADSHEET_LIMITS });
    const rows = sheet.rows[Symbol.asyncIterator]();
    await rows.next();
    sheet.close();
    await expectReleased(path);
    expect(await rows.next()).toEqual({ done: true, value: undefined });
  });

  it('a caller that breaks out of the input rows releases the file, before and after close()', async () => {
    const path = await writeFixture(dir, bigSheet());
    const reader = await openSpreadsheet(path, 'dados.xlsx', 1, 'zip', options);
    for await (const row of reader.rows) if (row.line > 3) break;
    await expectReleased(path);
    reader.close();
    await expectReleased(path);
  });

  it('close() alone, the input rows left unfinished, releases the file', async () => {
    const path = await writeFixture(dir, bigSheet());
    const reader = await openSpreadsheet(path, 'dados.xlsx', 1, 'zip', options);
    await reader.rows[Symbol.asyncIterator]().next();
    reader.close();
    await expectReleased(path);
  });

  it('a file cut at 60% (no zip directory) → MALFORMED_XLSX, file released', async () => {
    const zip = zipParts(bigSheet());
    const path = await writeFixture(dir, zip.subarray(0, Math.floor(zip.length * 0.6)));
    await expect(openSpreadsheet(path, 'dados.xlsx', 1, 'zip', options)).rejects.toMatchObject({ problem: 'MALFORMED_XLSX' });
    await expectReleased(path);
  });

  it('an abort in the middle of the rows stops them with its reason and releases the file', async () => {
    const path = await writeFixture(dir, bigSheet());
    const controller = new AbortController();
    const reader = await openSpreadsheet(path, 'dados.xlsx', 1, 'zip', { ...options, signal: controller.signal });
    const reason = new Error('SIGTERM');
    const stopped = (async () => {
      for await (const row of reader.rows) if (row.line === 100) controller.abort(reason);
    })();
    await expect(stopped).rejects.toBe(reason);
    await expectReleased(path);
    reader.close();
  });

  it('a sheet whose deflate data breaks halfway: MALFORMED_XLSX naming the part, file released, nothing unhandled', async () => {
    const path = await writeFixture(dir, withBrokenSheet(zipParts(bigSheet())));
    const unhandled: unknown[] = [];
    const onUnhandled = (error: unknown) => unhandled.push(error);
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    try {
      const reader = await openSpreadsheet(path, 'dados.xlsx', 1, 'zip', options);
      let seen = 0;
      const error = await (async () => {
        for await (const row of reader.rows) seen = row.line;
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      reader.close();
      expect(error).toBeInstanceOf(InputFormatError);
      expect(error).toMatchObject({ problem: 'MALFORMED_XLSX', message: expect.stringContaining('xl/worksheets/sheet1.xml') });
      expect(seen).toBeGreaterThan(0);
      await expectReleased(path);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUnhandled);
    }
  });
});
