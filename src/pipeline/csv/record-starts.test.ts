import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvRecordParser, type CsvRecord } from './csv-record-parser.js';
import { MixedUtf8Decoder } from './mixed-utf8-decoder.js';
import { findRecordStarts, RecordStartScanner, type AsciiCompatibleEncoding, type RecordStart, type RecordStartsOptions } from './record-starts.js';

interface Dialect {
  readonly delimiter: string;
  readonly encoding: AsciiCompatibleEncoding;
}
type Setting = Pick<RecordStartsOptions, 'fromRecord' | 'everyRecords' | 'minBytes'>;

/**
 * Decodes as the reader does (MixedUtf8Decoder for UTF-8, iconv for 1252; the BOM dropped only at
 * the file's start) and parses. Not latin1 for both sides: structure needs only the ASCII bytes,
 * but which lines are blank depends on the decoding (`C2 A0` trims to nothing only as UTF-8).
 */
function parse(bytes: Buffer, { delimiter, encoding }: Dialect, firstLine: number, isFileStart: boolean): { records: CsvRecord[]; error?: string } {
  let text = encoding === 'windows-1252' ? iconv.decode(bytes, 'win1252') : decodeMixed(bytes);
  if (isFileStart && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: CsvRecord[] = [];
  const parser = new CsvRecordParser(delimiter, { firstLine });
  try {
    parser.push(text, (r) => records.push(r));
    parser.end((r) => records.push(r));
  } catch (error) {
    return { records, error: (error as Error).message };
  }
  return { records };
}

function decodeMixed(bytes: Buffer): string {
  const decoder = new MixedUtf8Decoder();
  return decoder.decode(bytes) + decoder.end();
}

/** The scan fed in random chunk sizes, from one byte up, so every boundary case comes up. */
function scanInChunks(bytes: Buffer, options: RecordStartsOptions, random: () => number): RecordStart[] {
  const scanner = new RecordStartScanner(options);
  const most = [1, 2, 3, 7, 64, bytes.length][Math.floor(random() * 6)]!;
  for (let i = 0; i < bytes.length; ) {
    const size = 1 + Math.floor(random() * most);
    scanner.push(bytes.subarray(i, i + size));
    i += size;
  }
  return scanner.end();
}

/** Parsing each part alone gives the whole file's records from the first cut on, and each cut names its record. */
function expectPartsParseAsWhole(bytes: Buffer, dialect: Dialect, setting: Setting, cuts: readonly RecordStart[], label: string): void {
  const whole = parse(bytes, dialect, 1, true);
  const got: CsvRecord[] = [];
  let lastError: string | undefined;
  cuts.forEach((cut, k) => {
    const part = parse(bytes.subarray(cut.byte, cuts[k + 1]?.byte ?? bytes.length), dialect, cut.line, false);
    if (k < cuts.length - 1) expect(part.error, label).toBeUndefined();
    got.push(...part.records);
    lastError = part.error;
    const record = whole.records[cut.record];
    if (record) {
      expect(record.line, label).toBe(cut.line);
    } else {
      // Only the record with the unclosed quote, which the parser never emits, may be a cut beyond them.
      expect([k, cut.record, whole.error], label).toEqual([cuts.length - 1, whole.records.length, expect.stringContaining(`line ${cut.line} `)]);
    }
    expect((cut.record - setting.fromRecord) % setting.everyRecords, label).toBe(0);
    if (k > 0) expect(cut.byte - cuts[k - 1]!.byte, label).toBeGreaterThanOrEqual(Math.max(1, setting.minBytes));
  });
  if (cuts.length === 0) {
    expect(whole.records.length, label).toBeLessThanOrEqual(setting.fromRecord);
    return;
  }
  expect(cuts[0]!.record, label).toBe(setting.fromRecord);
  expect(got, label).toEqual(whole.records.slice(cuts[0]!.record));
  expect(lastError, label).toBe(whole.error);
}

/** The cuts a setting must give, chosen from every record start (the cuts of fromRecord 0, everyRecords 1, minBytes 0). */
function expectedCuts(all: readonly RecordStart[], { fromRecord, everyRecords, minBytes }: Setting): RecordStart[] {
  const cuts: RecordStart[] = [];
  for (const start of all) {
    if (start.record < fromRecord || (start.record - fromRecord) % everyRecords !== 0) continue;
    const last = cuts.at(-1);
    if (!last || start.byte - last.byte >= minBytes) cuts.push(start);
  }
  return cuts;
}

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const bytesOf = (...b: number[]) => Buffer.from(b);
/** Text that is not ASCII, as UTF-8 and as stray 1252 bytes, whatever the file is read as. */
const NON_ASCII = [utf8('ç'), utf8('ã€'), utf8('😀'), bytesOf(0xe9), bytesOf(0x80), bytesOf(0x85), bytesOf(0xc3), bytesOf(0xe2, 0x80)];
/** Whitespace in some reading: ASCII, NBSP (UTF-8 and 1252), U+3000, U+2028, U+FEFF; and `E2 80` with no third byte. */
const SPACES = [utf8(' '), utf8('\t'), bytesOf(0x0b, 0x0c), utf8('\u00a0'), bytesOf(0xa0), utf8('\u3000'), utf8('\u2028'), utf8('\ufeff'), bytesOf(0xe2, 0x80)];
const EOLS = ['\n', '\r\n', '\r'];

/** A sloppy CSV file as bytes: what exporters and hand edits produce, and what the parser accepts. */
function generateCsv(random: () => number): { bytes: Buffer; dialect: Dialect } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const delimiter = pick([';', ',', '\t']);
  const encoding = pick<AsciiCompatibleEncoding>(['utf-8', 'utf-8-bom', 'windows-1252']);
  const eol = pick(EOLS);
  const parts: Buffer[] = [];
  const add = (...items: (string | Buffer)[]) => {
    for (const item of items) parts.push(typeof item === 'string' ? utf8(item) : item);
  };
  const text = (length: number) => {
    for (let i = 0; i < length; i++) {
      const r = random();
      add(r < 0.6 ? pick(['a', 'B', '7', ' ', '-']) : r < 0.8 ? pick(NON_ASCII) : r < 0.9 ? pick(SPACES) : '"');
    }
  };
  const quotedText = (length: number) => {
    for (let i = 0; i < length; i++) {
      const r = random();
      add(r < 0.5 ? pick(['x', 'Y', ' ']) : r < 0.65 ? '""' : r < 0.75 ? delimiter : r < 0.85 ? pick(EOLS) : pick(NON_ASCII));
    }
  };
  const cell = () => {
    const r = random();
    if (r < 0.35) {
      add(pick(['a', 'Z', '1', 'é'])); // never opens with a quote: `ab"c` keeps it as text
      text(Math.floor(random() * 5));
    } else if (r < 0.7) {
      add('"');
      quotedText(Math.floor(random() * 6));
      add('"');
      if (random() < 0.2) text(1 + Math.floor(random() * 3)); // `"abc"def`, `"abc"d"e`
    } else if (r < 0.8) {
      add(pick(SPACES), '"x"'); // `  "x"`: a quote after whitespace is text
    } else if (r < 0.9) {
      add(pick(SPACES));
    } // else an empty cell
  };
  if (random() < (encoding === 'windows-1252' ? 0.15 : 0.5)) add(bytesOf(0xef, 0xbb, 0xbf));
  const lines = Math.floor(random() * 30);
  for (let k = 0; k < lines; k++) {
    const r = random();
    if (r < 0.7) {
      const cells = 1 + Math.floor(random() * 4);
      for (let c = 0; c < cells; c++) {
        if (c > 0) add(delimiter);
        cell();
      }
    } else if (r < 0.9) {
      for (let s = Math.floor(random() * 3); s > 0; s--) add(pick(SPACES)); // a blank line, or one that only looks blank
    } else {
      add('\r'); // a line of only CR
    }
    if (k < lines - 1 || random() < 0.6) add(random() < 0.8 ? eol : pick(EOLS));
  }
  if (random() < 0.05) add('tail', delimiter, '"never closed', eol, 'x');
  return { bytes: Buffer.concat(parts), dialect: { delimiter, encoding } };
}

const SETTINGS: readonly Setting[] = [
  { fromRecord: 1, everyRecords: 1, minBytes: 0 },
  { fromRecord: 1, everyRecords: 1, minBytes: 40 },
  { fromRecord: 0, everyRecords: 2, minBytes: 0 },
  { fromRecord: 2, everyRecords: 3, minBytes: 17 },
  { fromRecord: 1, everyRecords: 5, minBytes: 100 },
  { fromRecord: 3, everyRecords: 1, minBytes: Number.POSITIVE_INFINITY },
];
const SEEDS = 600;

describe('findRecordStarts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(tmpdir(), `record-starts-${randomUUID()}`);
    await mkdir(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const write = async (bytes: Buffer) => {
    const path = join(dir, `${randomUUID()}.csv`);
    await writeFile(path, bytes);
    return path;
  };

  it(`cuts ${SEEDS} random sloppy files into parts that parse alone as within the whole file`, async () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = mulberry32(seed);
      const { bytes, dialect } = generateCsv(random);
      const label = `seed ${seed}: ${JSON.stringify(dialect)} ${JSON.stringify(bytes.toString('latin1'))}`;
      const all = scanInChunks(bytes, { ...dialect, fromRecord: 0, everyRecords: 1, minBytes: 0 }, random);
      const whole = parse(bytes, dialect, 1, true);
      expect(all.length, label).toBe(whole.records.length + (whole.error ? 1 : 0));
      expectPartsParseAsWhole(bytes, dialect, { fromRecord: 0, everyRecords: 1, minBytes: 0 }, all, label);
      for (const setting of SETTINGS) {
        const cuts = scanInChunks(bytes, { ...dialect, ...setting }, random);
        expectPartsParseAsWhole(bytes, dialect, setting, cuts, `${label} ${JSON.stringify(setting)}`);
        expect(cuts, `${label} ${JSON.stringify(setting)}`).toEqual(expectedCuts(all, setting));
      }
      if (seed % 20 === 0) expect(await findRecordStarts(await write(bytes), { ...dialect, ...SETTINGS[0]! }), label).toEqual(expectedCuts(all, SETTINGS[0]!));
    }
  });

  it('does not cut at a line break inside quotes where a record would otherwise start', async () => {
    const dialect: Dialect = { delimiter: ';', encoding: 'utf-8' };
    const bytes = utf8('h;i\r\n1;"a\r\n2;b\r\n"\r\n3;c\r\n');
    const cuts = await findRecordStarts(await write(bytes), { ...dialect, fromRecord: 1, everyRecords: 1, minBytes: 0 });
    expect(cuts).toEqual([
      { byte: 5, line: 2, record: 1 },
      { byte: 19, line: 5, record: 2 },
    ]);
    expectPartsParseAsWhole(bytes, dialect, { fromRecord: 1, everyRecords: 1, minBytes: 0 }, cuts, 'newline in quotes');
  });

  it('starts the first record after the BOM, and skips blank lines before it', async () => {
    const cuts = await findRecordStarts(await write(utf8('\ufeff\r\n \u00a0\r\nh;i\r\n"1";2')), { delimiter: ';', fromRecord: 0, everyRecords: 1, minBytes: 0 });
    expect(cuts).toEqual([
      { byte: 10, line: 3, record: 0 },
      { byte: 15, line: 4, record: 1 },
    ]);
    expect(await findRecordStarts(await write(utf8('\ufeff"h";i\n')), { delimiter: ';', fromRecord: 0, everyRecords: 1, minBytes: 0 })).toEqual([{ byte: 3, line: 1, record: 0 }]);
  });

  it('reads a line of no-break spaces as blank in UTF-8 and as a record in windows-1252, as the reader decodes it', async () => {
    const path = await write(Buffer.concat([utf8('h\n'), bytesOf(0xc2, 0xa0), utf8('\nx\n')]));
    const options = { delimiter: ';', fromRecord: 1, everyRecords: 1, minBytes: 0 };
    expect(await findRecordStarts(path, options)).toEqual([{ byte: 5, line: 3, record: 1 }]);
    expect(await findRecordStarts(path, { ...options, encoding: 'windows-1252' })).toEqual([
      { byte: 2, line: 2, record: 1 },
      { byte: 5, line: 3, record: 2 },
    ]);
  });

  it('gives no cut from an unclosed quote on, and none at all for too few records', async () => {
    const path = await write(utf8('h;i\n1;"open\n2;3\n4;5\n'));
    expect(await findRecordStarts(path, { delimiter: ';', fromRecord: 1, everyRecords: 1, minBytes: 0 })).toEqual([{ byte: 4, line: 2, record: 1 }]);
    expect(await findRecordStarts(path, { delimiter: ';', fromRecord: 2, everyRecords: 1, minBytes: 0 })).toEqual([]);
    expect(await findRecordStarts(await write(utf8('h;i\r\n\r\n  \r\n')), { delimiter: ';', fromRecord: 1, everyRecords: 1, minBytes: 0 })).toEqual([]);
  });

  /** A file whose first 1 MiB read ends with `before` and whose second starts with `after`. */
  const MIB = 1 << 20;
  const acrossRead = (before: Buffer, after: Buffer) => {
    const fill = MIB - before.length - 4; // after the header `h;i\n`: one long record
    const cells = Math.floor((fill - 2) / 2);
    const pad = utf8('h;i\n' + 'z;'.repeat(cells) + 'z'.repeat(fill - 1 - 2 * cells) + '\n');
    return Buffer.concat([pad, before, after]);
  };
  it.each([
    ['`""` inside quotes cut by the read', '1;"x"', '";\n2;3"\n4;5\n'],
    ['the closing quote ending the read', '1;"x\n2;3"', ';4\n5;6\n'],
    ['CRLF cut by the read', '1;2\r', '\n3;4\r\n'],
    ['a lone CR ending the read', '1;2\r', '3;4\r'],
    ['a delimiter ending the read and a quote opening the next', '1;', '"a\nb";c\n3;4\n'],
    ['a no-break space cut by the read on a blank line', '1;2\n\xc2', '\xa0\n3;4\n'],
  ])('cuts as within the whole file with %s', async (_, before, after) => {
    const latin1 = (s: string) => Buffer.from(s, 'latin1');
    const bytes = acrossRead(latin1(before), latin1(after));
    expect(bytes.subarray(MIB - before.length, MIB).toString('latin1')).toBe(before);
    const dialect: Dialect = { delimiter: ';', encoding: 'utf-8' };
    const setting = { fromRecord: 1, everyRecords: 1, minBytes: 0 };
    const cuts = await findRecordStarts(await write(bytes), { ...dialect, ...setting });
    expectPartsParseAsWhole(bytes, dialect, setting, cuts, before);
    expect(cuts.length).toBe(parse(bytes, dialect, 1, true).records.length - 1);
    expect(cuts.slice(-2)).toEqual(scanInChunks(bytes, { ...dialect, ...setting }, () => 0.99).slice(-2));
  });

  it.each([
    ['delimiter', { delimiter: '"' }],
    ['delimiter', { delimiter: '§' }],
    ['fromRecord', { fromRecord: -1 }],
    ['everyRecords', { everyRecords: 0 }],
    ['minBytes', { minBytes: Number.NaN }],
    ['encoding', { encoding: 'utf-16le' }],
  ])('rejects a bad %s', (_, bad) => {
    const options = { delimiter: ';', fromRecord: 1, everyRecords: 1, minBytes: 0, ...bad } as RecordStartsOptions;
    expect(() => new RecordStartScanner(options)).toThrow(RangeError);
  });

  it('stops with the signal', async () => {
    const path = await write(utf8('h\n1\n'));
    await expect(findRecordStarts(path, { delimiter: ';', fromRecord: 1, everyRecords: 1, minBytes: 0, signal: AbortSignal.abort(new Error('stop')) })).rejects.toThrow('stop');
  });
});
