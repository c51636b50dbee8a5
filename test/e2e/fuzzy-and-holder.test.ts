import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATAGEN, runHigia, runNode } from '../support/run-higia.js';
import { readOutputCsv, readTruth, type TruthRow } from '../support/truth.js';

const ROWS = 40_000;

/**
 * Fuzzy duplicates and CPF holders on generated data whose truth says which rows are the same
 * person (`fuzzy_of`, `duplicate_of`) and whose registry gives some CPFs to someone else
 * (`cpf_owner`): the targets, measured on the outputs a user gets.
 */
describe('fuzzy duplicates and CPF holder checks against the generator’s truth', () => {
  let dir: string;
  let truth: TruthRow[];
  let hardNegatives: number;
  let out: { kept: Record<string, string>[]; duplicates: Record<string, string>[]; rejected: Record<string, string>[]; review: Record<string, string>[] };
  let summary: { rows: Record<string, number>; fuzzy: { merged: number; review: number }; holderCheck: { cpf: Record<string, number>; irregular: { cpf: Record<string, number>; cnpj: Record<string, number> } }; duplicates: { byKey: Record<string, number> } };
  const rowOfLine = new Map<string, TruthRow>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-fuzzy-'));
    const gen = await runNode([DATAGEN, '--rows', String(ROWS), '--seed', 'fuzzy-e2e', '--out', dir, '--fuzzy-dup-rate', '0.05', '--wrong-owner-rate', '0.05']);
    expect(gen.code).toBe(0);
    hardNegatives = Number(/hard_negatives=(\d+)/.exec(gen.stderr)![1]);
    const run = await runHigia(['process', join(dir, 'clientes.csv'), '--out', join(dir, 'out'), '--reference', join(dir, 'reference'), '--format', 'csv,json']);
    expect(run.code, run.stderr).toBe(0);
    // The job ran to its end: the summary line printed, the work folder gone (a close that
    // waited forever once left both undone while every output was already in place).
    expect(run.stdout).toContain('40.000 linhas →');
    expect((await readdir(join(dir, 'out'))).filter((name) => name.startsWith('.higia-'))).toEqual([]);
    truth = await readTruth(join(dir, 'clientes.truth.csv'));
    for (const t of truth) rowOfLine.set(t.line!, t);
    out = {
      kept: await readOutputCsv(join(dir, 'out', 'clientes_higienizado.csv')),
      duplicates: await readOutputCsv(join(dir, 'out', 'clientes_duplicados.csv')),
      rejected: await readOutputCsv(join(dir, 'out', 'clientes_rejeitados.csv')),
      // Written only when a pair is left for review.
      review: existsSync(join(dir, 'out', 'clientes_possiveis_duplicados.csv')) ? await readOutputCsv(join(dir, 'out', 'clientes_possiveis_duplicados.csv')) : [],
    };
    summary = JSON.parse(await readFile(join(dir, 'out', 'clientes_resumo.json'), 'utf8'));
  }, 240_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The truth's person of a row: its original's row number. */
  const personOf = (line: string): string => {
    const t = rowOfLine.get(line)!;
    return t.duplicate_of || t.fuzzy_of || t.row!;
  };

  it('still puts every row in exactly one output, and the summary counts what the files hold', () => {
    const lines = [...out.kept, ...out.duplicates, ...out.rejected].map((r) => r.linha);
    expect(new Set(lines).size).toBe(ROWS);
    expect(lines).toHaveLength(ROWS);
    const fuzzy = out.duplicates.filter((r) => r.chave_duplicidade === 'fuzzy');
    expect(summary.fuzzy.merged).toBe(fuzzy.length);
    expect(summary.duplicates.byKey.fuzzy).toBe(fuzzy.length);
    expect(summary.fuzzy.review).toBe(out.review.length);
    // Every fuzzy duplicate says how alike, and why; its kept line is a kept row.
    const keptLines = new Set(out.kept.map((r) => r.linha));
    for (const row of fuzzy) {
      expect(Number(row.similaridade)).toBeGreaterThan(0);
      expect(row.evidencias).not.toBe('');
      expect(keptLines.has(row.duplicado_de_linha!)).toBe(true);
    }
  });

  it('merges fuzzy duplicates with precision ≥ 0.98 and recall ≥ 0.90, and almost no hard negative', () => {
    const fuzzy = out.duplicates.filter((r) => r.chave_duplicidade === 'fuzzy');
    const right = fuzzy.filter((r) => personOf(r.linha!) === personOf(r.duplicado_de_linha!)).length;
    const wrong = fuzzy.length - right;
    const merged = new Set(fuzzy.map((r) => r.linha));
    // A fuzzy duplicate is found when it left the kept rows (by fuzzy or, rarely, an exact key).
    const kept = new Set(out.kept.map((r) => r.linha));
    const truthFuzzy = truth.filter((t) => t.fuzzy_of !== '');
    const found = truthFuzzy.filter((t) => !kept.has(t.line!)).length;
    const precision = right / fuzzy.length;
    const recall = found / truthFuzzy.length;
    console.info(`fuzzy: ${fuzzy.length} merged, precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} (${found}/${truthFuzzy.length}), wrong merges ${wrong} of ${hardNegatives} hard negatives, review ${out.review.length}`);
    expect(truthFuzzy.length).toBeGreaterThan(1000);
    expect(merged.size).toBe(fuzzy.length);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(wrong / hardNegatives).toBeLessThanOrEqual(0.002);
  });

  it('flags ≥ 99% of CPFs registered to someone else `nao`, and ≤ 0.5% of the right holders', () => {
    const confusion: Record<string, Record<string, number>> = { match: {}, mismatch: {} };
    for (const row of out.kept) {
      const owner = rowOfLine.get(row.linha!)!.cpf_owner!;
      if (owner !== 'match' && owner !== 'mismatch') continue;
      confusion[owner]![row.cpf_confere!] = (confusion[owner]![row.cpf_confere!] ?? 0) + 1;
    }
    const share = (owner: string, verdict: string) => (confusion[owner]![verdict] ?? 0) / Object.values(confusion[owner]!).reduce((a, b) => a + b, 0);
    console.info(`cpf_confere by truth: ${JSON.stringify(confusion)}`);
    expect(share('mismatch', 'nao')).toBeGreaterThanOrEqual(0.99);
    expect(share('match', 'nao')).toBeLessThanOrEqual(0.005);
    // The summary counts the column; a `nao` says why in `motivos`.
    const nao = out.kept.filter((r) => r.cpf_confere === 'nao');
    expect(summary.holderCheck.cpf.nao).toBe(nao.length);
    for (const row of nao.slice(0, 50)) expect(row.motivos).toMatch(/CPF: titular diferente no cadastro \(.+\)/);
  });

  it('counts registrations that are not REGULAR, and a layout can reject those rows', async () => {
    const irregularCpf = out.kept.filter((r) => r.situacao_cadastral_ref !== '' && r.situacao_cadastral_ref !== 'REGULAR');
    const irregularCnpj = out.kept.filter((r) => r.situacao_ref !== '' && r.situacao_ref !== 'ATIVA');
    const irregular = [...new Set([...irregularCpf, ...irregularCnpj])];
    expect(irregularCpf.length).toBeGreaterThan(100);
    expect(irregularCnpj.length).toBeGreaterThan(10);
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(sum(summary.holderCheck.irregular.cpf)).toBe(irregularCpf.length);
    for (const row of irregularCpf.slice(0, 50)) expect(row.motivos).toContain(`CPF: situação cadastral ${row.situacao_cadastral_ref}`);
    for (const row of irregularCnpj.slice(0, 50)) expect(row.motivos).toContain(`CNPJ: situação cadastral ${row.situacao_ref}`);

    const layout = join(dir, 'reject.json');
    await writeFile(layout, JSON.stringify({ enrichment: { rejectIrregular: true } }));
    const run = await runHigia(['process', join(dir, 'clientes.csv'), '--out', join(dir, 'out-reject'), '--reference', join(dir, 'reference'), '--format', 'csv,json', '--layout', layout]);
    expect(run.code, run.stderr).toBe(0);
    const rejected = await readOutputCsv(join(dir, 'out-reject', 'clientes_rejeitados.csv'));
    const byRegistry = rejected.filter((r) => r.motivos!.includes('situação cadastral não regular'));
    expect(new Set(byRegistry.map((r) => r.linha))).toEqual(new Set(irregular.map((r) => r.linha)));
    const rejectSummary = JSON.parse(await readFile(join(dir, 'out-reject', 'clientes_resumo.json'), 'utf8'));
    // One rejection per document: a row whose CPF and CNPJ are both irregular has two.
    expect(rejectSummary.rejections.IRREGULAR_REGISTRATION).toBe(irregularCpf.length + irregularCnpj.length);
    expect(rejectSummary.rows.rejected).toBe(summary.rows.rejected! + irregular.length);
    expect(rejectSummary.rows.kept + rejectSummary.rows.duplicates + rejectSummary.rows.rejected).toBe(ROWS);
  }, 120_000);

  it('gives the same bytes on one thread as on several', async () => {
    const run = await runHigia(['process', join(dir, 'clientes.csv'), '--out', join(dir, 'out-0'), '--reference', join(dir, 'reference'), '--format', 'csv', '--threads', '0']);
    expect(run.code, run.stderr).toBe(0);
    const names = ['clientes_higienizado.csv', 'clientes_duplicados.csv', 'clientes_rejeitados.csv', ...(out.review.length > 0 ? ['clientes_possiveis_duplicados.csv'] : [])];
    for (const name of names) {
      expect((await readFile(join(dir, 'out-0', name))).equals(await readFile(join(dir, 'out', name))), name).toBe(true);
    }
  }, 120_000);
});
