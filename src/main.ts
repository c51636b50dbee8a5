import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { processCommand } from './cli/process-command.js';
import { referenceCommand } from './cli/reference-command.js';
import { serviceCommands } from './cli/service-commands.js';
import type { Config } from './config/schema.js';
import { AppError, QualityGateError } from './errors.js';

/**
 * Composition root of the command line; the only place that reads the environment.
 * Exit codes: 0 done, 2 unusable input, options or configuration (commander's usage errors
 * included), 3 outputs written but an error quality gate broke, 1 anything else. Commands
 * import their pipeline, adapters and reports when they run, so `--help` and `--version`
 * load commander alone.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('higia')
    .description('Higia: cleans and enriches Brazilian customer and company files (CSV/XLSX)')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .addCommand(processCommand());
  for (const command of serviceCommands(loadConfig)) program.addCommand(command);
  loadEnvFile();
  // Read raw: a bad variable elsewhere in the environment must not stop an import.
  program.addCommand(referenceCommand({ mongoUrl: process.env.MONGO_URL || undefined, mongoDb: process.env.MONGO_DB || 'higia' }));
  throwInsteadOfExit(program);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (and the help); help and version end with 0.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof AppError) {
      process.stderr.write(`higia: ${error.message}\n`);
      process.exitCode = error instanceof QualityGateError ? error.exitCode : error.retryable ? 1 : 2;
      return;
    }
    if (isSystemError(error)) {
      process.stderr.write(`higia: ${describeSystemError(error)}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

/** Commander exits with 1 on a usage error; thrown instead, every level, to exit with 2. */
function throwInsteadOfExit(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwInsteadOfExit(sub);
}

/** A Node file-system or OS error (`code`, `syscall`, often `path`), not a bug of ours. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string; syscall: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** `cannot open /data/x.csv: permission denied (EACCES)` instead of Node's raw message and stack. */
function describeSystemError(error: NodeJS.ErrnoException & { code: string; syscall: string }): string {
  const reason = SYSTEM_ERROR_WORDS[error.code] ?? error.message;
  return `cannot ${error.syscall}${error.path ? ` ${error.path}` : ''}: ${reason} (${error.code})`;
}

const SYSTEM_ERROR_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
};

/** Read at run time beside the compiled module (dist/ → package.json), so it never drifts. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

let config: Config | undefined;

/** The service's configuration, parsed once, when a service command needs it. */
async function loadConfig(): Promise<Config> {
  const { parseConfig } = await import('./config/schema.js');
  config ??= parseConfig(process.env);
  return config;
}

/** `.env` from the working folder, beneath the real environment (real variables win). */
function loadEnvFile(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}
