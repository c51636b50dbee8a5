// The embedded reference store on a reference folder: index build (records/s), lookups in
// batches of 1000 keys (70% present), index size and peak RSS. Run after `npm run build`:
//   node scripts/bench-reference-store.mjs bench-data/1000000/reference [ceps]
// Rebuilds the folder's index (in <dir>/.higia-index/, or the cache when the folder is read-only).
import { readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteReferenceStore } from '../dist/adapters/reference/sqlite-reference-store.js';
import { findReferenceFile, readReferenceFile } from '../dist/adapters/reference/reference-file-reader.js';

const [folder, only] = process.argv.slice(2);
if (!folder) throw new Error('usage: node scripts/bench-reference-store.mjs <reference dir> [source]');
const sources = only ? [only] : ['pessoas', 'empresas', 'ceps'];
const BATCHES = Number(process.env.BATCHES ?? 300);
const mb = (bytes) => Math.round(bytes / 2 ** 20);

const builds = [];
const store = new SqliteReferenceStore({ folder, onIndexBuilt: (build) => builds.push(build) });
for (const build of await store.rebuild(sources)) {
  const seconds = build.elapsedMs / 1000;
  console.log(
    `${build.source}: built ${build.records} records (${build.keys} keys) in ${seconds.toFixed(1)} s = ${Math.round(build.records / seconds)} records/s, ` +
      `index ${mb(statSync(build.indexFile).size)} MB, rss ${mb(process.memoryUsage().rss)} MB`,
  );
}

for (const source of sources) {
  const file = await findReferenceFile(folder, source);
  if (!file) continue;
  // Every 50th key of the file, so the batches hit keys spread over the whole index.
  const sample = [];
  let n = 0;
  for await (const { key } of readReferenceFile(source, file)) if (n++ % 50 === 0) sample.push(key);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const batches = Array.from({ length: BATCHES }, () =>
    Array.from({ length: 1000 }, (_, i) => (i < 700 ? sample[Math.floor(random() * sample.length)] : `X${Math.floor(random() * 1e9)}`)),
  );
  await store.findByKeys(source, batches[0]);
  const started = performance.now();
  let hits = 0;
  for (const keys of batches) hits += (await store.findByKeys(source, keys)).size;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${source}: ${BATCHES} batches of 1000 keys in ${seconds.toFixed(2)} s = ${((seconds / BATCHES) * 1000).toFixed(2)} ms/batch, ` +
      `${Math.round((BATCHES * 1000) / seconds)} keys/s, ${hits} found, rss ${mb(process.memoryUsage().rss)} MB`,
  );
}
await store.close();
const indexDir = builds[0] && dirname(builds[0].indexFile);
const total = indexDir ? readdirSync(indexDir).reduce((sum, name) => sum + statSync(`${indexDir}/${name}`).size, 0) : 0;
console.log(`index folder ${indexDir}: ${mb(total)} MB; peak rss ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
