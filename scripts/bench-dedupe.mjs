// `npm run build && node scripts/bench-dedupe.mjs [--rows 10000000] [--budget-mb 64] [--modes none,map,memory,spill]`
// The dedupe index alone: offers N CPF keys (`cpf:` + 11 digits, as sanitize-rows makes
// them; ~3% repeat an earlier key), finishes, and walks the lookup for every line as pass 2
// does. Each mode runs in its own process so that its peak RSS is its own:
//   none    generates the keys and nothing else (the floor every other mode includes)
//   map     the Map<string, number> index used before the budget (for comparison)
//   memory  DedupeIndex with no budget: compact arrays, never spills
//   spill   DedupeIndex with the budget (default 64 MiB)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((arg, i, all) => (arg.startsWith('--') ? [[arg.slice(2), all[i + 1] ?? '']] : [])),
);
const rows = Number(args.rows ?? 10_000_000);
const budgetMb = Number(args['budget-mb'] ?? 64);
const REPEAT_SHARE = 0.03;

if (args.child) {
  const result = await runMode(args.child);
  process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
} else {
  const modes = (args.modes ?? 'none,map,memory,spill').split(',');
  const results = [];
  for (const mode of modes) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, '--rows', String(rows), '--budget-mb', String(budgetMb)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = child.stdout.split('\n').find((l) => l.startsWith('BENCH '));
    if (child.status !== 0 || !line) {
      console.error(`${mode} failed (exit ${child.status}, signal ${child.signal})`);
      process.exit(1);
    }
    const result = JSON.parse(line.slice(6));
    results.push(result);
    console.log(JSON.stringify(result));
  }
  console.table(results);
}

async function runMode(mode) {
  const index = await makeIndex(mode);
  const random = seeded(1);
  const started = performance.now();
  for (let i = 0; i < rows; i++) {
    // A repeat takes the key of a random earlier row: keys are recomputed from the row number,
    // so the bench itself keeps no list of keys.
    const source = i > 0 && random() < REPEAT_SHARE ? Math.floor(random() * i) : i;
    const spilling = index.offer(cpfKey(source), i + 2, 4 + Math.floor(random() * 9));
    if (spilling) await spilling;
  }
  const offered = performance.now();
  const lookup = await index.finish();
  const finished = performance.now();
  let duplicates = 0;
  for (let line = 2; line < rows + 2; line++) if (lookup.keptLineOf(line) !== undefined) duplicates++;
  const walked = performance.now();
  await index.close();
  const seconds = (from, to) => +((to - from) / 1000).toFixed(2);
  return {
    mode: mode === 'spill' ? `spill (${budgetMb} MiB)` : mode,
    rows,
    duplicates,
    offerS: seconds(started, offered),
    finishS: seconds(offered, finished),
    walkS: seconds(finished, walked),
    totalS: seconds(started, walked),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function makeIndex(mode) {
  if (mode === 'none') return noIndex();
  if (mode === 'map') return mapIndex();
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const { DedupeIndex } = await import(join(root, 'dist', 'pipeline', 'dedupe', 'dedupe-index.js'));
  const scratchDir = mkdtempSync(join(tmpdir(), 'higia-bench-dedupe-'));
  const index = new DedupeIndex({ scratchDir, maxMemoryBytes: mode === 'spill' ? budgetMb * 1024 * 1024 : Infinity });
  const close = index.close.bind(index);
  index.close = async () => {
    await close();
    rmSync(scratchDir, { recursive: true, force: true });
  };
  return index;
}

function noIndex() {
  let sink = 0;
  return {
    offer: (key) => void (sink += key.length),
    finish: async () => ({ keptLineOf: () => (sink < 0 ? 0 : undefined) }),
    close: async () => {},
  };
}

/** The index before the budget (a Map per distinct key, a Map of losers), to compare with. */
function mapIndex() {
  const best = new Map();
  const losers = new Map();
  return {
    offer(key, line, completeness) {
      const score = Math.min(completeness, 255);
      const current = best.get(key);
      if (current === undefined) best.set(key, line * 256 + score);
      else if (score > current % 256) {
        best.set(key, line * 256 + score);
        losers.set(Math.floor(current / 256), key);
      } else losers.set(line, key);
    },
    async finish() {
      const keptLineOf = new Map();
      for (const [line, key] of losers) keptLineOf.set(line, Math.floor(best.get(key) / 256));
      return { keptLineOf: (line) => keptLineOf.get(line) };
    },
    close: async () => {},
  };
}

/** An 11-digit number from the row number (two rounds of a 32-bit mix), as text. */
function cpfKey(i) {
  let a = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35) ^ (a >>> 16);
  let b = Math.imul((i + 0x632be59b) ^ a, 0x27d4eb2f);
  b ^= b >>> 15;
  const digits = ((a >>> 0) % 100_000) * 1_000_000 + ((b >>> 0) % 1_000_000);
  return `cpf:${String(digits).padStart(11, '0')}`;
}

/** mulberry32 */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
