// `npm run bench`: Higia against the pandas peer on the same files in this one run, the
// reference-index builds, the full-registry run, the 100k/1M memory ratio, rows/s and peak
// RSS per output format, the reports, spreadsheet inputs and the service on small files.
// The generated files are cached in bench-data/ (gitignored).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const datagen = join(root, '..', 'shared', 'datagen', 'gen-clientes.mjs');
const sizes = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const runs = [
  { name: 'csv+json', args: ['--format', 'csv,json'] },
  { name: 'xlsx', args: ['--format', 'xlsx'] },
  { name: 'csv+xlsx+json', args: ['--format', 'csv,xlsx,json'] },
  { name: 'csv+json, enriched', args: ['--format', 'csv,json'], reference: true },
  { name: 'csv+json+pdf+html', args: ['--format', 'csv,pdf,html,json'] },
];

function dataFor(rows) {
  const data = join(root, 'bench-data', String(rows));
  if (!existsSync(join(data, 'clientes.csv'))) {
    mkdirSync(data, { recursive: true });
    console.log(`generating ${rows} rows…`);
    execFileSync(process.execPath, [datagen, '--rows', String(rows), '--seed', '1', '--out', data], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // The peer's reference: the CEP table alone, beside the whole generated registry.
  const cepsOnly = join(data, 'ceps-only');
  if (!existsSync(join(cepsOnly, 'ceps.ndjson'))) {
    mkdirSync(cepsOnly, { recursive: true });
    symlinkSync(join('..', 'reference', 'ceps.ndjson'), join(cepsOnly, 'ceps.ndjson'));
  }
  return data;
}

/** Wall time measured out here, the same way for both programs; peak RSS as each reports it. */
function measure(command, args, marker) {
  const started = performance.now();
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  const line = child.stderr.split('\n').find((l) => l.startsWith(marker + ' '));
  if (child.status !== 0 || !line) {
    console.error(child.stderr.slice(-4000));
    process.exit(1);
  }
  return { seconds: +seconds.toFixed(2), peakRssMb: Math.round(JSON.parse(line.slice(marker.length + 1)).maxRssMb) };
}

const higia = (data, reference, format = 'csv,json') => {
  const out = join(root, 'bench-data', 'out');
  rmSync(out, { recursive: true, force: true });
  const args = [join(root, 'scripts', 'bench-run.mjs'), 'process', join(data, 'clientes.csv'), '--out', out, '--no-progress', '--format', format];
  if (reference) args.push('--reference', reference);
  return measure(process.execPath, args, 'BENCH');
};

// 1. Issue #10's comparison: the peer's task (rules, dedupe by CPF, CEP join, CSV out) on the
// same file, one program after the other. The reference indexes are built first and timed
// apart, so the runs measured read indexes that already exist, as every run but the first does.
const python = '/usr/bin/python3';
const peerScript = join(root, '..', 'shared', 'peers', 'pandas_vectorized.py');
const hasPeer = existsSync(peerScript) && spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
if (!hasPeer) console.log('pandas peer skipped: needs ../shared/peers and Debian python3-pandas');
const comparison = [];
for (const rows of sizes) {
  const data = dataFor(rows);
  for (const folder of [join(data, 'ceps-only'), join(data, 'reference')]) {
    rmSync(join(folder, '.higia-index'), { recursive: true, force: true });
    const build = spawnSync(process.execPath, [join(root, 'bin', 'higia.js'), 'reference', 'import', folder], { encoding: 'utf8' });
    if (build.status !== 0) {
      console.error(build.stderr);
      process.exit(1);
    }
    console.log(`${rows} rows, index of ${folder.slice(data.length + 1)}:\n  ${build.stdout.trim().replaceAll('\n', '\n  ')}`);
  }
  const result = { rows };
  if (hasPeer) {
    const out = join(root, 'bench-data', 'peer-out');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const peer = measure(python, [join(root, 'scripts', 'bench-peer.py'), peerScript, data, out], 'PEER');
    Object.assign(result, { peerSeconds: peer.seconds, peerRssMb: peer.peakRssMb });
  }
  const ceps = higia(data, join(data, 'ceps-only'));
  const full = higia(data, join(data, 'reference'));
  Object.assign(result, {
    higiaSeconds: ceps.seconds,
    higiaRssMb: ceps.peakRssMb,
    speedup: result.peerSeconds ? +(result.peerSeconds / ceps.seconds).toFixed(2) : undefined,
    fullRegistrySeconds: full.seconds,
    fullRegistryRssMb: full.peakRssMb,
    fullOverCeps: +(full.seconds / ceps.seconds).toFixed(2),
  });
  comparison.push(result);
  console.log(JSON.stringify(result));
}
console.table(comparison);
if (comparison.length > 1) {
  const [small, large] = [comparison[0], comparison[comparison.length - 1]];
  console.log(`peak RSS ${large.rows} vs ${small.rows} rows (ceps only): ${(large.higiaRssMb / small.higiaRssMb).toFixed(2)}×`);
}

if (process.env.BENCH_PEER_ONLY) process.exit(0); // just the comparison above

// 2. Per output format.
const results = [];
for (const rows of sizes) {
  const data = dataFor(rows);
  for (const run of runs) {
    const out = join(root, 'bench-data', 'out');
    rmSync(out, { recursive: true, force: true });
    const args = ['process', join(data, 'clientes.csv'), '--out', out, '--no-progress', ...run.args];
    if (run.reference) args.push('--reference', join(data, 'reference'));
    const child = spawnSync(process.execPath, [join(root, 'scripts', 'bench-run.mjs'), ...args], { encoding: 'utf8' });
    const line = child.stderr.split('\n').find((l) => l.startsWith('BENCH '));
    if (child.status !== 0 || !line) {
      console.error(child.stderr);
      process.exit(1);
    }
    const { seconds, maxRssMb } = JSON.parse(line.slice(6));
    const result = { rows, output: run.name, seconds: +seconds.toFixed(2), rowsPerSecond: Math.round(rows / seconds), peakRssMb: Math.round(maxRssMb) };
    results.push(result);
    console.log(JSON.stringify(result));
  }
}
console.table(results);

// What the reports add to a job: the same run with and without them, and the reports alone.
for (const rows of sizes) {
  const seconds = (name) => results.find((r) => r.rows === rows && r.output === name)?.seconds ?? NaN;
  console.log(`${rows} rows: pdf+html add ${(seconds('csv+json+pdf+html') - seconds('csv+json')).toFixed(2)} s to csv+json`);
}
const reports = spawnSync(process.execPath, [join(root, 'scripts', 'bench-reports.mjs')], { stdio: 'inherit' });
if (reports.status !== 0) process.exit(1);

// Reading spreadsheets that other programs saved: 100k rows by LibreOffice and by openpyxl, beside the CSV.
const xlsxInputs = spawnSync(process.execPath, [join(root, 'scripts', 'bench-xlsx-inputs.mjs')], { stdio: 'inherit' });
if (xlsxInputs.status !== 0) process.exit(1);

// Issue #11: fuzzy duplicates (cost, precision, recall) and the CPF holder check (scripts/bench-fuzzy.mjs).
const fuzzy = spawnSync(process.execPath, [join(root, 'scripts', 'bench-fuzzy.mjs')], { stdio: 'inherit' });
if (fuzzy.status !== 0) process.exit(1);

// The service on small files: two workers on the real servers (scripts/bench-service.mjs).
const service = spawnSync(process.execPath, [join(root, 'scripts', 'bench-service.mjs')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
process.stdout.write(service.stdout);
if (service.status !== 0) process.exit(1);
