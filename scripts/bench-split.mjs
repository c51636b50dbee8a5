// `npm run bench:split`: one large CSV through the service on real servers (bench-service.mjs
// with one file), run three ways in a row on this machine, every worker at THREADS=1 (BENCH_SPLIT_THREADS):
//   whole  — one worker, PART_BYTES=0 (the file is one job, as before split jobs);
//   split1 — one worker, the file split into parts (what splitting costs);
//   split2 — two workers sharing the parts.
// Prints each run's seconds and the speed-up of split2 over whole. BENCH_SPLIT_ROWS (5,000,000),
// BENCH_SPLIT_PART_BYTES (64 MiB), BENCH_SPLIT_RUNS (`whole,split1,split2`), BENCH_SPLIT_THREADS (1),
// BENCH_SERVICE_REFERENCE (default `ceps-embedded`: the CEPs in each worker's SQLite index).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const rows = process.env.BENCH_SPLIT_ROWS ?? '5000000';
const partBytes = process.env.BENCH_SPLIT_PART_BYTES ?? String(64 * 1024 ** 2);
const threads = process.env.BENCH_SPLIT_THREADS ?? '1';
const runs = (process.env.BENCH_SPLIT_RUNS ?? 'whole,split1,split2').split(',');
const SETUPS = {
  whole: { workers: 1, partBytes: '0' },
  split1: { workers: 1, partBytes },
  split2: { workers: 2, partBytes },
};

const results = {};
for (const name of runs) {
  const setup = SETUPS[name];
  if (!setup) throw new Error(`unknown run ${name} (whole, split1, split2)`);
  console.error(`bench:split ${name}: ${rows} rows, ${setup.workers} worker(s), PART_BYTES=${setup.partBytes}`);
  results[name] = await benchService({
    ...process.env,
    BENCH_SERVICE_FILES: '1',
    BENCH_SERVICE_ROWS: rows,
    BENCH_SERVICE_WORKERS: String(setup.workers),
    BENCH_SERVICE_REFERENCE: process.env.BENCH_SERVICE_REFERENCE ?? 'ceps-embedded',
    BENCH_ENV_THREADS: threads,
    BENCH_ENV_PART_BYTES: setup.partBytes,
  });
  const r = results[name];
  console.log(`${name} phases (ms): ${JSON.stringify(r.phaseP50Ms)}`);
  console.log(`${name}: ${r.seconds} s (parts ${r.splitParts.join(',') || '—'}, parts done by worker ${r.partsDoneByWorker.join('/')}), worker CPU ${Math.round(r.workerCpuMsPerFile / 100) / 10} s, load ${r.load.before.join(' ')} → ${r.load.after.join(' ')}`);
}
const ratio = (a, b) => (results[a] && results[b] ? Math.round((results[a].seconds / results[b].seconds) * 100) / 100 : null);
const summary = { rows: Number(rows), partBytes: Number(partBytes), threads: Number(threads), formats: process.env.BENCH_SERVICE_FORMATS ?? 'all', seconds: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.seconds])), speedUpTwoWorkers: ratio('whole', 'split2'), splitCostOneWorker: ratio('split1', 'whole') };
console.log(`two workers vs one whole job: ${summary.speedUpTwoWorkers ?? '—'}×; split on one worker costs ${summary.splitCostOneWorker ?? '—'}× the whole job`);
console.log(`BENCH_SPLIT ${JSON.stringify(summary)}`);

function benchService(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'bench-service.mjs')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.once('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_SERVICE '));
      if (code !== 0 || !line) reject(new Error(`bench-service exited ${code}: ${stdout.slice(-2000)}`));
      else resolve(JSON.parse(line.slice('BENCH_SERVICE '.length)));
    });
  });
}
