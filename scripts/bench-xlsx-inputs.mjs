// Rows/s and peak RSS of `higia process` reading a 100k-row .xlsx saved by LibreOffice and one
// saved by openpyxl (write_only), beside the same rows as CSV. The generated CSV and the two
// workbooks are made once and cached in bench-data/ (gitignored); BENCH_XLSX_ROWS changes the size.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const datagen = join(root, '..', 'shared', 'datagen', 'gen-clientes.mjs');
const producers = join(root, 'scripts', 'fixtures', 'producers');
const rows = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
// The same folder as scripts/bench.mjs: one generated CSV for both.
const data = join(root, 'bench-data', String(rows));
const csv = join(data, 'clientes.csv');

// LibreOffice's CSV import: ';', '"', UTF-8 (76), from line 1; CPF, CNPJ, phones and CEP as text
// (format 2) so their leading zeros stay, birth dates as D/M/Y (4), Renda as a number (1), the rest text.
const CSV_COLUMN_FORMATS = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 4, 1, 2].map((f, i) => `${i + 1}/${f}`).join('/');

function pythonWithOpenpyxl() {
  const found = spawnSync('bash', ['-c', 'type -ap python3'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const python = found.find((p) => spawnSync(p, ['-c', 'import openpyxl']).status === 0);
  if (!python) throw new Error('no python3 on PATH has openpyxl (Debian: python3-openpyxl)');
  return python;
}

function makeInputs() {
  if (!existsSync(csv)) {
    mkdirSync(data, { recursive: true });
    console.log(`generating ${rows} rows…`);
    execFileSync(process.execPath, [datagen, '--rows', String(rows), '--seed', '1', '--out', data], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const libreoffice = join(data, 'libreoffice.xlsx');
  if (!existsSync(libreoffice)) {
    console.log('saving it with LibreOffice…');
    const work = mkdtempSync(join(tmpdir(), 'higia-bench-lo-'));
    try {
      copyFileSync(csv, join(work, 'libreoffice.csv'));
      execFileSync('soffice', [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless',
        `--infilter=CSV:59,34,76,1,${CSV_COLUMN_FORMATS}`, '--convert-to', 'xlsx', '--outdir', work, join(work, 'libreoffice.csv')], { stdio: 'ignore' });
      copyFileSync(join(work, 'libreoffice.xlsx'), libreoffice);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const openpyxl = join(data, 'openpyxl-write-only.xlsx');
  if (!existsSync(openpyxl)) {
    console.log('saving it with openpyxl (write_only)…');
    execFileSync(pythonWithOpenpyxl(), [join(producers, 'openpyxl_write_only.py'), csv, openpyxl], { stdio: 'inherit' });
  }
  return [
    { input: 'csv (same rows)', file: csv },
    { input: 'xlsx by LibreOffice', file: libreoffice },
    { input: 'xlsx by openpyxl write_only', file: openpyxl },
  ];
}

const results = [];
for (const { input, file } of makeInputs()) {
  const out = mkdtempSync(join(tmpdir(), 'higia-bench-out-'));
  try {
    const args = ['process', file, '--format', 'csv', '--out', out, '--no-progress'];
    const child = spawnSync(process.execPath, [join(root, 'scripts', 'bench-run.mjs'), ...args], { encoding: 'utf8' });
    const line = child.stderr.split('\n').find((l) => l.startsWith('BENCH '));
    if (child.status !== 0 || !line) {
      console.error(`${input}: higia failed\n${child.stderr}`);
      process.exitCode = 1;
      continue;
    }
    const { seconds, maxRssMb } = JSON.parse(line.slice(6));
    const result = { rows, input, seconds: +seconds.toFixed(2), rowsPerSecond: Math.round(rows / seconds), peakRssMb: Math.round(maxRssMb) };
    results.push(result);
    console.log(JSON.stringify(result));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
console.table(results);
