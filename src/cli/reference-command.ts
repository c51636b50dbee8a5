import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { ImportCounts } from '../adapters/reference/mongo-reference-import.js';
import type { ReferenceIndexBuild } from '../adapters/reference/sqlite-reference-store.js';
import { ConfigError } from '../errors.js';
import { REFERENCE_SOURCES, type ReferenceSource } from '../ports/reference-store.js';

export interface ReferenceCommandDefaults {
  readonly mongoUrl?: string;
  readonly mongoDb: string;
}

interface ImportCommandOptions {
  mongoUrl?: string;
  db: string;
  ensureIndexes: boolean;
  batchSize: number;
}

/** `higia reference …`: manages the reference registries the worker enriches with. */
export function referenceCommand(defaults: ReferenceCommandDefaults): Command {
  const reference = new Command('reference').description('reference registries (pessoas, empresas, ceps): in MongoDB, or indexed beside the files');
  reference
    .command('import')
    .description(
      'load pessoas/empresas/ceps .ndjson or .csv files from a folder into MongoDB (idempotent: re-running replaces by key); ' +
        'without a MongoDB URL, build the index the embedded store looks them up in (<dir>/.higia-index/)',
    )
    .argument('<dir>', 'folder with pessoas/empresas/ceps files (.ndjson, .jsonl or .csv)')
    .option('--mongo-url <url>', 'MongoDB connection string (none: build the embedded index instead)', defaults.mongoUrl)
    .option('--db <name>', 'database', defaults.mongoDb)
    .option('--ensure-indexes', 'create a unique index on each key field first', false)
    .option('--batch-size <n>', 'documents per bulk write', parseBatchSize, 1000)
    .action(async (dir: string, options: ImportCommandOptions) => {
      if (!existsSync(dir)) throw new ConfigError(`reference folder not found: ${dir}`);
      const { findReferenceFile } = await import('../adapters/reference/reference-file-reader.js');
      const files: [ReferenceSource, string][] = [];
      for (const source of REFERENCE_SOURCES) {
        const file = await findReferenceFile(dir, source);
        if (file) files.push([source, file]);
      }
      if (files.length === 0) throw new ConfigError(`no ${REFERENCE_SOURCES.join('/')} .ndjson, .jsonl or .csv file in ${dir}`);
      if (options.mongoUrl) await importIntoMongo(options.mongoUrl, files, options);
      else await buildIndexes(dir);
    });
  return reference;
}

/** Every source's index built anew, fresh or not: what a run would otherwise do on its first lookup. */
async function buildIndexes(dir: string): Promise<void> {
  const { SqliteReferenceStore } = await import('../adapters/reference/sqlite-reference-store.js');
  const started = performance.now();
  const store = new SqliteReferenceStore({ folder: dir, onIndexBuilt: (build) => process.stdout.write(describeBuildLine(build) + '\n') });
  try {
    const builds = await store.rebuild();
    const total = builds.reduce((sum, build) => sum + build.records, 0);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`total: ${total} records indexed in ${seconds.toFixed(2)} s (${rate(total, seconds)} records/s)\n`);
  } finally {
    await store.close();
  }
}

async function importIntoMongo(mongoUrl: string, files: readonly [ReferenceSource, string][], options: ImportCommandOptions): Promise<void> {
  // Loaded here, not at the top: the MongoDB driver would slow every `higia --help`.
  const [{ connectMongo }, { importReferenceFile }, { MongoReferenceStore }] = await Promise.all([
    import('../adapters/mongo/mongo-connection.js'),
    import('../adapters/reference/mongo-reference-import.js'),
    import('../adapters/reference/mongo-reference-store.js'),
  ]);
  const client = await connectMongo(mongoUrl);
  try {
    const db = client.db(options.db);
    if (options.ensureIndexes) await new MongoReferenceStore({ db }).ensureIndexes();
    const started = performance.now();
    let total = 0;
    for (const [source, file] of files) {
      const counts = await importReferenceFile(db, source, file, { batchSize: options.batchSize });
      total += counts.read;
      process.stdout.write(describeCounts(counts) + '\n');
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`total: ${total} records into ${options.db} in ${seconds.toFixed(2)} s (${rate(total, seconds)} records/s)\n`);
  } finally {
    await client.close();
  }
}

/** `reference index: built ceps (1,046,308 records, 9.1 s, 115k records/s)`: what `higia process` says on stderr. */
export function describeIndexBuild(build: ReferenceIndexBuild): string {
  const seconds = build.elapsedMs / 1000;
  const perSecond = rate(build.records, seconds);
  const shownRate = perSecond >= 10_000 ? `${Math.round(perSecond / 1000)}k` : String(perSecond);
  return `reference index: built ${build.source} (${build.records.toLocaleString('en-US')} records, ${seconds.toFixed(1)} s, ${shownRate} records/s)`;
}

function describeBuildLine(build: ReferenceIndexBuild): string {
  const seconds = build.elapsedMs / 1000;
  return (
    `${build.source}: ${build.records} records → ${build.indexFile} (${build.keys} keys) ` +
    `in ${seconds.toFixed(2)} s (${rate(build.records, seconds)} records/s)`
  );
}

function describeCounts(counts: ImportCounts): string {
  const seconds = counts.elapsedMs / 1000;
  return (
    `${counts.source}: ${counts.read} records → ${counts.collection} ` +
    `(${counts.inserted} new, ${counts.replaced} replaced) in ${seconds.toFixed(2)} s (${rate(counts.read, seconds)} records/s)`
  );
}

const rate = (records: number, seconds: number) => (seconds > 0 ? Math.round(records / seconds) : records);

function parseBatchSize(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('must be a whole number from 1 to 100000');
  return n;
}
