// `npm run bench:fuzzy` (and a section of `npm run bench`): issue #11's targets on generated data
// with fuzzy duplicates and CPFs registered to someone else (`--fuzzy-dup-rate 0.05
// --wrong-owner-rate 0.05`), per size (BENCH_FUZZY_SIZES, default 100000,1000000):
//   - the same job with fuzzy matching off and on (CEP reference only, csv+json): seconds, peak
//     RSS and the ratio; precision and recall of the merged rows against the truth's `fuzzy_of`,
//     wrong merges against the generator's count of hard negatives;
//   - with the whole registry: how `cpf_confere` agrees with the truth's `cpf_owner`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const datagen = join(root, '..', 'shared', 'datagen', 'gen-clientes.mjs');
const sizes = (process.env.BENCH_FUZZY_SIZES ?? '100000,1000000').split(',').map(Number);

function dataFor(rows) {
  const data = join(root, 'bench-data', `fuzzy-${rows}`);
  if (!existsSync(join(data, 'clientes.csv'))) {
    mkdirSync(data, { recursive: true });
    console.log(`generating ${rows} rows with fuzzy duplicates and wrong owners…`);
    const gen = spawnSync(process.execPath, [datagen, '--rows', String(rows), '--seed', '1', '--out', data, '--fuzzy-dup-rate', '0.05', '--wrong-owner-rate', '0.05'], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(gen.stderr);
    writeFileSync(join(data, 'datagen.stderr'), gen.stderr);
  }
  const cepsOnly = join(data, 'ceps-only');
  if (!existsSync(join(cepsOnly, 'ceps.ndjson'))) {
    mkdirSync(cepsOnly, { recursive: true });
    symlinkSync(join('..', 'reference', 'ceps.ndjson'), join(cepsOnly, 'ceps.ndjson'));
  }
  for (const folder of [cepsOnly, join(data, 'reference')]) execFileSync(process.execPath, [join(root, 'bin', 'higia.js'), 'reference', 'import', folder], { stdio: 'ignore' });
  const noFuzzy = join(data, 'no-fuzzy.json');
  writeFileSync(noFuzzy, JSON.stringify({ dedupe: { fuzzy: { enabled: false } } }));
  return { data, cepsOnly, noFuzzy };
}

function run(data, reference, layout) {
  const out = join(root, 'bench-data', 'fuzzy-out');
  rmSync(out, { recursive: true, force: true });
  const args = [join(root, 'scripts', 'bench-run.mjs'), 'process', join(data, 'clientes.csv'), '--out', out, '--no-progress', '--format', 'csv,json', '--reference', reference];
  if (layout) args.push('--layout', layout);
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = +((performance.now() - started) / 1000).toFixed(2);
  const line = child.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (child.status !== 0 || !line) throw new Error(`higia exited ${child.status} ${child.signal ?? ""} ${child.error?.message ?? ""}: ${child.stderr.slice(-4000)}`);
  return { seconds, peakRssMb: Math.round(JSON.parse(line.slice(6)).maxRssMb), out };
}

const readCsv = (path, delimiter) => parse(readFileSync(path, 'utf8'), { columns: true, bom: true, delimiter });

/** Precision, recall and wrong merges of the fuzzy duplicates in `out`, against the truth. */
function fuzzyAccuracy(data, out, truth) {
  const byLine = new Map(truth.map((t) => [t.line, t]));
  const personOf = (line) => {
    const t = byLine.get(line);
    return t.duplicate_of || t.fuzzy_of || t.row;
  };
  const fuzzy = readCsv(join(out, 'clientes_duplicados.csv'), ';').filter((r) => r.chave_duplicidade === 'fuzzy');
  const wrong = fuzzy.filter((r) => personOf(r.linha) !== personOf(r.duplicado_de_linha)).length;
  const kept = new Set(readCsv(join(out, 'clientes_higienizado.csv'), ';').map((r) => r.linha));
  const truthFuzzy = truth.filter((t) => t.fuzzy_of !== '');
  const found = truthFuzzy.filter((t) => !kept.has(t.line)).length;
  const hardNegatives = Number(/hard_negatives=(\d+)/.exec(readFileSync(join(data, 'datagen.stderr'), 'utf8'))[1]);
  const reviewFile = join(out, 'clientes_possiveis_duplicados.csv');
  const review = existsSync(reviewFile) ? readCsv(reviewFile, ';').length : 0;
  return {
    merged: fuzzy.length,
    precision: +((fuzzy.length - wrong) / fuzzy.length).toFixed(4),
    recall: +(found / truthFuzzy.length).toFixed(4),
    wrongMerges: wrong,
    hardNegatives,
    wrongPerHardNegative: +(wrong / hardNegatives).toFixed(5),
    review,
  };
}

/** cpf_confere of the kept rows against the truth's cpf_owner. */
function ownerAccuracy(out, truth) {
  const byLine = new Map(truth.map((t) => [t.line, t]));
  const confusion = { match: {}, mismatch: {} };
  for (const row of readCsv(join(out, 'clientes_higienizado.csv'), ';')) {
    const owner = byLine.get(row.linha).cpf_owner;
    if (owner !== 'match' && owner !== 'mismatch') continue;
    confusion[owner][row.cpf_confere] = (confusion[owner][row.cpf_confere] ?? 0) + 1;
  }
  const share = (owner, verdict) => (confusion[owner][verdict] ?? 0) / Object.values(confusion[owner]).reduce((a, b) => a + b, 0);
  return { mismatchFlaggedNao: +share('mismatch', 'nao').toFixed(4), matchFlaggedNao: +share('match', 'nao').toFixed(4), confusion };
}

const results = [];
for (const rows of sizes) {
  const { data, cepsOnly, noFuzzy } = dataFor(rows);
  const truth = parse(readFileSync(join(data, 'clientes.truth.csv'), 'utf8'), { columns: true });
  const off = run(data, cepsOnly, noFuzzy);
  const on = run(data, cepsOnly);
  const accuracy = fuzzyAccuracy(data, on.out, truth);
  const full = run(data, join(data, 'reference'));
  const owner = ownerAccuracy(full.out, truth);
  const result = {
    rows,
    withoutFuzzySeconds: off.seconds,
    withFuzzySeconds: on.seconds,
    fuzzyCost: +(on.seconds / off.seconds).toFixed(2),
    withoutFuzzyRssMb: off.peakRssMb,
    withFuzzyRssMb: on.peakRssMb,
    ...accuracy,
    fullRegistrySeconds: full.seconds,
    fullRegistryRssMb: full.peakRssMb,
    ...owner,
  };
  results.push(result);
  console.log(`BENCH_FUZZY ${JSON.stringify(result)}`);
}
console.table(results.map(({ confusion: _confusion, ...r }) => r));
if (results.length > 1) {
  const [small, large] = [results[0], results[results.length - 1]];
  console.log(`peak RSS with fuzzy matching, ${large.rows} vs ${small.rows} rows: ${(large.withFuzzyRssMb / small.withFuzzyRssMb).toFixed(2)}×`);
}
