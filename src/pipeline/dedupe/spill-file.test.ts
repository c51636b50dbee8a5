import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CleanRow } from '../../domain/row.js';
import { SpillWriter, parseSpillChunk, parseSpillRow, readSpillChunks, serializeSpillRow } from './spill-file.js';

const row = (overrides: Partial<CleanRow>): CleanRow => ({
  line: 7,
  raw: ['Ana', '529.982.247-25', 'obs'],
  values: ['Ana', '529.982.247-25', 'obs'],
  statuses: ['valid', 'corrected', undefined],
  infos: [undefined, 'CPF', undefined],
  issues: [],
  rejections: [],
  dedupeKey: 'cpf:52998224725',
  completeness: 2,
  ...overrides,
});

describe('spill file', () => {
  it.each([
    ['a plain row', row({})],
    ['multi-line text, quotes and empty cells', row({ values: ['', 'x"y;z', 'linha 1\r\nlinha 2'], raw: ['', 'x"y;z', 'linha 1\r\nlinha 2'] })],
    ['issues and no key', row({ issues: [{ column: 1, code: 'CHECK_DIGIT', detail: 'expected 25' }, { column: 0, code: 'BAD_LENGTH', detail: '' }], dedupeKey: undefined })],
    ['values holding the separators themselves', row({ values: ['a\u0001b', '\u001e', '\u0002\u0003'], raw: ['a\u0001b', '\u001e', '\u0002\u0003'] })],
  ])('reads back %s exactly', (_what, original) => {
    expect(parseSpillRow(serializeSpillRow(original).slice(0, -1))).toEqual(original);
  });

  it('streams many records back in order through chunk boundaries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'higia-spill-'));
    try {
      const rows = Array.from({ length: 5000 }, (_, i) => row({ line: i + 2, values: ['x'.repeat(i % 700), String(i), i % 97 === 0 ? 'a\u001eb' : ''] }));
      const writer = new SpillWriter(join(dir, 'rows.spill'));
      for (const r of rows) await writer.writeText(serializeSpillRow(r));
      await writer.close();
      const back: CleanRow[] = [];
      let chunks = 0;
      for await (const chunk of readSpillChunks(writer.path, 4096)) {
        const rows = parseSpillChunk(chunk.text);
        expect(chunk.lastLine).toBe(rows[rows.length - 1]!.line);
        back.push(...rows);
        chunks++;
      }
      expect(chunks).toBeGreaterThan(100);
      expect(back.map((r) => [r.line, r.values[0]!.length, r.values[1], r.values[2]])).toEqual(rows.map((r) => [r.line, r.values[0]!.length, r.values[1], r.values[2]]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
