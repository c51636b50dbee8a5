// Streaming .xlsx read speed and memory. Usage:
//   npm run build && node scripts/bench-xlsx-read.mjs <file.xlsx> [--sheet NAME]
//   node scripts/bench-xlsx-read.mjs <file.xlsx> --make [ROWS]   (first writes ROWS × 15 text
//   columns with exceljs, shared strings on as Excel writes them; add --inline for inline strings,
//   which shows that memory does not grow with the rows once the shared strings are out of the way)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const [path, ...rest] = process.argv.slice(2);
if (!path) {
  console.error('usage: node scripts/bench-xlsx-read.mjs <file.xlsx> [--sheet NAME] [--make ROWS]');
  process.exit(2);
}
const flag = (name) => {
  const at = rest.indexOf(name);
  return at === -1 ? undefined : (rest[at + 1] ?? '');
};

if (flag('--make') !== undefined) {
  const rows = Number(flag('--make')) || 100_000;
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: !rest.includes('--inline') });
  const sheet = workbook.addWorksheet('Clientes');
  const columns = 15;
  sheet.addRow(Array.from({ length: columns }, (_, c) => `Coluna ${c + 1}`)).commit();
  for (let r = 0; r < rows; r++) {
    // Half the values repeat (cities, states, statuses), half are unique (names, documents).
    sheet
      .addRow(Array.from({ length: columns }, (_, c) => (c % 2 === 0 ? `valor ${c} ${r}` : `repetido ${c} ${r % 50}`)))
      .commit();
  }
  sheet.commit();
  await workbook.commit();
  console.error(`wrote ${rows} rows × ${columns} columns to ${path}`);
}
if (!existsSync(path)) {
  console.error(`no such file: ${path}`);
  process.exit(2);
}

const { openXlsxSheet } = await import(join(root, 'dist/pipeline/spreadsheet/xlsx/open-xlsx-sheet.js'));
const { DEFAULT_SPREADSHEET_LIMITS } = await import(join(root, 'dist/pipeline/spreadsheet/opened-sheet.js'));

let peakRssBytes = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
}, 50);
// CPU time beside wall time: on a machine shared with other jobs the wall clock mostly measures them.
const cpuAtStart = process.cpuUsage();
const started = performance.now();
const sheet = await openXlsxSheet(path, { sheet: flag('--sheet'), limits: DEFAULT_SPREADSHEET_LIMITS });
const openS = (performance.now() - started) / 1000;
let rows = 0;
let cells = 0;
for await (const row of sheet.rows) {
  rows++;
  cells += row.cells.length;
}
sheet.close();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
console.log(
  JSON.stringify({
    file: path,
    sheet: sheet.sheetName,
    rows,
    cells,
    openS: +openS.toFixed(3),
    seconds: +seconds.toFixed(3),
    rowsPerS: Math.round(rows / seconds),
    cpuSeconds: +cpuSeconds.toFixed(3),
    rowsPerCpuS: Math.round(rows / cpuSeconds),
    peakRssMb: Math.round(peakRssBytes / 1024 ** 2),
  }),
);
