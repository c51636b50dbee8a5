// `npm run bench`: rows/s and peak RSS of `higia process` on 100k and 1M generated rows,
// per output format. The generated files are cached in bench-data/ (gitignored).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
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

const results = [];
for (const rows of sizes) {
  const data = join(root, 'bench-data', String(rows));
  if (!existsSync(join(data, 'clientes.csv'))) {
    mkdirSync(data, { recursive: true });
    console.log(`generating ${rows} rows…`);
    execFileSync(process.execPath, [datagen, '--rows', String(rows), '--seed', '1', '--out', data], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
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
