import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHigia } from '../support/run-higia.js';
import { readOutputCsv } from '../support/truth.js';

// Shaped like the ANS list of health operators (Relatorio_cadop.csv): quoted, `;`, the DDD in
// its own column and shared by the phone and the fax. CNPJs are made up, with valid check digits.
const ANS_CSV = [
  '"Registro ANS";"CNPJ";"Razão Social";"DDD";"Telefone";"Fax"',
  '"326305";"29.338.000/0001-88";"UNIMED TESTE COOPERATIVA DE TRABALHO MEDICO";"11";"3456-7890";"34567891"',
  '"343889";"03.316.000/0001-93";"ODONTO SUL LTDA";"(051)";"32101234";""',
  '"312345";"02.745.100/0001-72";"SAUDE NORTE S.A.";"091";"98123-4567";"3223-4455"',
  '"415871";"06.198.400/0001-30";"PLANO CENTRO OESTE LTDA";"61";"(62) 3201-5555";""',
  '"419010";"41.234.567/0001-00";"ASSISTENCIA MEDICA DO VALE";"20";"3456-7890";""',
  '"421456";"58.631.000/0001-70";"CAMPO SAUDE LTDA";"";"3456-7890";""',
].join('\r\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'higia-area-code-'));
  await writeFile(join(dir, 'operadoras.csv'), ANS_CSV);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('higia process: a DDD in its own column', () => {
  // Both ways the plan reaches the field rules: on this thread, and crossed to worker threads.
  it.each(['0', '2'])('completes phones and faxes from the DDD column (--threads %s)', async (threads) => {
    const out = join(dir, `out-${threads}`);
    const run = await runHigia(['process', join(dir, 'operadoras.csv'), '--out', out, '--format', 'csv,json', '--threads', threads, '--lang', 'en']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const kept = await readOutputCsv(join(out, 'operadoras_higienizado.csv'));
    const pick = (r: Record<string, string>) => [r.DDD, r.DDD_status, r.Telefone, r.Telefone_status, r.Telefone_type, r.Fax, r.Fax_status];
    expect(kept.map(pick)).toEqual([
      ['11', 'valid', '+551134567890', 'corrected', 'fixo', '+551134567891', 'corrected'],
      ['51', 'corrected', '+555132101234', 'corrected', 'fixo', '', 'empty'],
      ['91', 'corrected', '+5591981234567', 'corrected', 'celular', '+559132234455', 'corrected'],
      // A phone with its own DDD keeps it.
      ['61', 'valid', '+556232015555', 'corrected', 'fixo', '', 'empty'],
      // No usable DDD: the phone stays as written, invalid, and the row is kept for its CNPJ.
      ['20', 'invalid', '3456-7890', 'invalid', '', '', 'empty'],
      ['', 'empty', '3456-7890', 'invalid', '', '', 'empty'],
    ]);
    expect(kept.map((r) => r.line)).toEqual(['2', '3', '4', '5', '6', '7']);
    expect(kept[4]!.reasons).toMatch(/20/);

    const summary = JSON.parse(await readFile(join(out, 'operadoras_resumo.json'), 'utf8'));
    expect(summary.rows).toEqual({ kept: 6, duplicates: 0, rejected: 0 });
    expect(summary.reconciled).toBe(true);
  });
});
