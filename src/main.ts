import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { processCommand } from './cli/process-command.js';
import { referenceCommand } from './cli/reference-command.js';
import { serviceCommands } from './cli/service-commands.js';
import { parseConfig, type Config } from './config/schema.js';
import { AppError } from './errors.js';

/**
 * Composition root of the command line; the only place that reads the environment.
 * Exit codes: 0 done, 2 unusable input or configuration, 1 anything else.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('higia')
    .description('Higia: cleans and enriches Brazilian customer and company files (CSV/XLSX)')
    .showHelpAfterError()
    .addCommand(processCommand());
  for (const command of serviceCommands(loadConfig)) program.addCommand(command);
  loadEnvFile();
  // Read raw: a bad variable elsewhere in the environment must not stop an import.
  program.addCommand(referenceCommand({ mongoUrl: process.env.MONGO_URL || undefined, mongoDb: process.env.MONGO_DB || 'higia' }));
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`higia: ${error.message}\n`);
      process.exitCode = error.retryable ? 1 : 2;
      return;
    }
    throw error;
  }
}

let config: Config | undefined;

/** The service's configuration, parsed once, when a service command needs it. */
function loadConfig(): Config {
  config ??= parseConfig(process.env);
  return config;
}

/** `.env` from the working folder, beneath the real environment (real variables win). */
function loadEnvFile(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}
