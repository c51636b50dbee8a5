import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { ImportCounts } from '../adapters/reference/mongo-reference-import.js';
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
  const reference = new Command('reference').description('reference registries (pessoas, empresas, ceps) in MongoDB');
  reference
    .command('import')
    .description('load pessoas/empresas/ceps .ndjson or .csv files from a folder into MongoDB (idempotent: re-running replaces by key)')
    .argument('<dir>', 'folder with pessoas/empresas/ceps files (.ndjson, .jsonl or .csv)')
    .option('--mongo-url <url>', 'MongoDB connection string', defaults.mongoUrl)
    .option('--db <name>', 'database', defaults.mongoDb)
    .option('--ensure-indexes', 'create a unique index on each key field first', false)
    .option('--batch-size <n>', 'documents per bulk write', parseBatchSize, 1000)
    .action(async (dir: string, options: ImportCommandOptions) => {
      if (!options.mongoUrl) throw new ConfigError('no MongoDB URL: pass --mongo-url or set it in the configuration');
      if (!existsSync(dir)) throw new ConfigError(`reference folder not found: ${dir}`);
      // Loaded here, not at the top: the MongoDB driver would slow every `higia --help`.
      const [{ connectMongo }, { importReferenceFile }, { MongoReferenceStore }, { findReferenceFile }] = await Promise.all([
        import('../adapters/mongo/mongo-connection.js'),
        import('../adapters/reference/mongo-reference-import.js'),
        import('../adapters/reference/mongo-reference-store.js'),
        import('../adapters/reference/reference-file-reader.js'),
      ]);
      const files: [ReferenceSource, string][] = [];
      for (const source of REFERENCE_SOURCES) {
        const file = await findReferenceFile(dir, source);
        if (file) files.push([source, file]);
      }
      if (files.length === 0) throw new ConfigError(`no ${REFERENCE_SOURCES.join('/')} .ndjson, .jsonl or .csv file in ${dir}`);

      const client = await connectMongo(options.mongoUrl);
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
    });
  return reference;
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
